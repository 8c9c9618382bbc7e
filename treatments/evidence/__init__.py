"""Evidence behind treatment articles: references and citations, the science-score rubric, reviews that come due."""
