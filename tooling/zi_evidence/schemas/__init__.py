"""JSON Schemas (Draft 2020-12) for every file kind; shipped with the package and published on the site."""
