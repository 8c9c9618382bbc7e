"""`load_demo` and `ensure_admin`, both run by `make run` and safe to run again."""
