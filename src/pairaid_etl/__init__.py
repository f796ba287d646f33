"""pairaid_etl: figures from poverty-alleviation bulletins, into SQL."""

__version__ = "0.1.0"
