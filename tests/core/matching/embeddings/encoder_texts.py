"""Texts for the encoders' tests: many of one token count (so any batching by length puts them in
one batch: 28 × 79 tokens, 2,212 rows of a matrix product, where batching gave every one of
them other bits than alone) and some of other lengths."""

ROLES = ["Data", "Cloud", "Security", "Mobile", "Product", "Platform", "Analytics"]
CITIES = ["Berlin", "London", "Paris", "Madrid"]
SAME_LENGTH = [
    f"Senior {role} Engineer in {city}. You will own the pipelines that move our customer events "
    f"from Kafka into the warehouse, write Python and SQL every day, review code, mentor two "
    f"engineers and agree the roadmap with product. We run on Kubernetes, test with pytest and ship "
    f"every day; the on-call rota is one week in six."
    for role in ROLES
    for city in CITIES
]
OTHER_LENGTHS = [
    "ML",
    "Buchhalter (m/w/d) – Monatsabschluss nach HGB und IFRS in SAP.",
    "Product Designer, London: user research and Figma prototypes. " * 6,
    "Pipeline Gardener 🌱 — tend our Airflow DAGs, prune flaky tasks, grow dbt models. " * 12,
]
