"""Matching domain: embeddings, the FAISS index, scores and shortlists."""

from dagster import Definitions

from jobintel_dagster.matching.assets import build_matching_assets
from jobintel_dagster.partitions import JobIntelPartitions


def matching_definitions(partitions: JobIntelPartitions, index_kind: str) -> Definitions:
    return Definitions(assets=build_matching_assets(partitions, index_kind))
