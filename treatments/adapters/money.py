"""The one schema of money in the API: a decimal string such as "600.00", for prices, block prices and totals."""

MONEY = {"type": "string", "format": "decimal", "pattern": r"^-?\d+(\.\d+)?$"}
