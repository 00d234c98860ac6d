"""The corpus at a glance: a static HTML report and the organisations' collaboration network."""

from .network import build_network, write_edges_csv, write_graphml
from .page import write_report

__all__ = ["build_network", "write_edges_csv", "write_graphml", "write_report"]
