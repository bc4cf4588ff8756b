"""The public site: a page generator independent of MkDocs, and the thin MkDocs plugin over it."""

from .context import SiteOptions
from .files import SiteFile
from .generate import SiteBuild, generate_site

__all__ = ["SiteBuild", "SiteFile", "SiteOptions", "generate_site"]
