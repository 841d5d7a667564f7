"""Data for development and measurement: the demo newsroom and the
synthetic-data generator. Nothing in the product imports it."""
