"""api/dcat.json read as RDF (rdflib's JSON-LD parser) and validated by pySHACL against shapes written here from the
DCAT-AP 3.0 specification's property tables: for Catalogue, Dataset and Distribution every *mandatory* and every
*recommended* property, with the range the tables give (IRIs where a resource is expected, typed dates). Also: the
Satu Data Indonesia block is not dropped by a JSON-LD processor."""

from __future__ import annotations

import pyshacl
import pytest
import rdflib

from conftest import ROOT
from zi_evidence.site.context import SiteOptions
from zi_evidence.site.generate import generate_site

# rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph internally
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> . @prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> . @prefix dcatap: <http://data.europa.eu/r5r/> . @prefix : <urn:zi:shapes#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def prop(path: str, *, min_count: int = 1, kind: str | None = None, cls: str | None = None, date: bool = False) -> str:
    parts = [f"sh:path {path}", f"sh:minCount {min_count}"]
    if kind:
        parts.append(f"sh:nodeKind {kind}")
    if cls:
        parts.append(f"sh:class {cls}")
    if date:
        parts.append("sh:or ( [ sh:datatype xsd:date ] [ sh:datatype xsd:dateTime ] )")
    return "sh:property [ " + " ; ".join(parts) + " ]"


# DCAT-AP 3.0, section "Catalogue": mandatory description, publisher, title; recommended dataset, homepage, language,
# licence, release date, spatial, themes (taxonomy), modification date.
CATALOGUE = [prop("dct:description"), prop("dct:publisher", cls="foaf:Agent"), prop("dct:title"),
             prop("dcat:dataset", cls="dcat:Dataset"), prop("foaf:homepage", kind="sh:IRI"), prop("dct:language", kind="sh:IRI"),
             prop("dct:license", kind="sh:IRI"), prop("dct:issued", date=True), prop("dct:spatial", cls="dct:Location"),
             prop("dcat:themeTaxonomy", kind="sh:IRI"), prop("dct:modified", date=True)]
# "Dataset": mandatory description, title; recommended contact point, distribution, keyword, publisher, spatial,
# temporal, theme.
DATASET = [prop("dct:description"), prop("dct:title"), prop("dcat:contactPoint", cls="vcard:Kind"),
           prop("dcat:distribution", cls="dcat:Distribution"), prop("dcat:keyword"), prop("dct:publisher", cls="foaf:Agent"),
           prop("dct:spatial", cls="dct:Location"), prop("dct:temporal", cls="dct:PeriodOfTime"), prop("dcat:theme", kind="sh:IRI")]
# "Distribution": mandatory access URL; recommended availability, description, format, licence (and the download URL
# and media type we give, as IRIs).
DISTRIBUTION = [prop("dcat:accessURL", kind="sh:IRI"), prop("dcatap:availability", kind="sh:IRI"), prop("dct:description"),
                prop("dct:format", kind="sh:IRI"), prop("dct:license", kind="sh:IRI"), prop("dcat:downloadURL", kind="sh:IRI", min_count=0),
                prop("dcat:mediaType", kind="sh:IRI", min_count=0)]
SHAPES = PREFIXES + "\n".join(
    f":{name} a sh:NodeShape ; sh:targetClass {target} ;\n  " + " ;\n  ".join(props) + " ."
    for name, target, props in (("Catalogue", "dcat:Catalog", CATALOGUE), ("Dataset", "dcat:Dataset", DATASET),
                                ("Distribution", "dcat:Distribution", DISTRIBUTION)))
# the class hierarchy the ranges rely on (FOAF and vCard state these; here only what the shapes need)
ONTOLOGY = PREFIXES + "foaf:Organization rdfs:subClassOf foaf:Agent . vcard:Organization rdfs:subClassOf vcard:Kind ."


@pytest.fixture(scope="module")
def catalogue() -> str:
    build = generate_site(ROOT, SiteOptions(history=False, site_url="https://zi.contoh.test/"), workers=1)
    return next(f.text for f in build.files if f.path == "api/dcat.json")


def test_dcat_json_conforms_to_dcat_ap_mandatory_and_recommended_properties(catalogue):
    data = rdflib.Graph().parse(data=catalogue, format="json-ld")
    conforms, _graph, report = pyshacl.validate(data, shacl_graph=rdflib.Graph().parse(data=SHAPES, format="turtle"),
                                                ont_graph=rdflib.Graph().parse(data=ONTOLOGY, format="turtle"), inference="rdfs")
    assert conforms, report
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    assert len(set(data.subjects(rdflib.RDF.type, dcat.Dataset))) >= 5


def test_the_shapes_catch_what_was_wrong_before(catalogue):
    """The shapes are not vacuous: the old document's faults (no accessURL, links as strings, untyped dates) fail."""
    import json

    doc = json.loads(catalogue)
    doc["@context"] = {k: v for k, v in doc["@context"].items() if isinstance(v, str)}  # no IRI/date typing
    for dataset in doc["dcat:dataset"]:
        for dist in dataset["dcat:distribution"]:
            dist.pop("dcat:accessURL")
    data = rdflib.Graph().parse(data=json.dumps(doc), format="json-ld")
    conforms, _graph, report = pyshacl.validate(data, shacl_graph=rdflib.Graph().parse(data=SHAPES, format="turtle"),
                                                ont_graph=rdflib.Graph().parse(data=ONTOLOGY, format="turtle"), inference="rdfs")
    assert not conforms
    assert "accessURL" in report and "IRI" in report and "dateTime" in report


def test_the_satu_data_block_survives_a_json_ld_processor(catalogue):
    data = rdflib.Graph().parse(data=catalogue, format="json-ld")
    sdi = rdflib.Namespace("https://data.go.id/ns/satu-data#")
    block = next(data.objects(None, sdi.satuData))
    assert str(next(data.objects(block, sdi.produsenData))) == "Pemerintah Kota Contoh"
    updated = next(data.objects(block, sdi.tanggalPemutakhiran))
    assert updated.datatype == rdflib.XSD.date
