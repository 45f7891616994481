"""Open-data exports written record by record, one set per state and the whole catalog joined
from them: each file equals the document written at once (json.dumps of the list or object; CSV
rows of every service, terms sorted at the end); the index describes every file truly; the gzip
copies hold the same bytes; the whole-catalog files follow the size rule."""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import os
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from export_catalogs import directories
from generator.exporters import datasets, geojson, hsds, meeting_guide, streams
from generator.exporters import index as indexer

URL = "https://example.org/navigator/"


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """name -> (directory, site folder) with the exports of each test catalog written."""
    root = tmp_path_factory.mktemp("exports")
    out = {}
    for name, directory in directories().items():
        site = str(root / name)
        paths = datasets.write(directory, site, URL)
        assert all(os.path.exists(os.path.join(site, p)) for p in paths)
        out[name] = (directory, site)
    return out


def files(site: str) -> dict[str, bytes]:
    found = {}
    for folder, _dirs, names in os.walk(site):
        for name in names:
            with open(os.path.join(folder, name), "rb") as handle:
                found[os.path.relpath(os.path.join(folder, name), site)] = handle.read()
    return found


@pytest.mark.parametrize("workers", [1, 2, 3, 40])
def test_parallel_parts_join_to_the_same_files(written, tmp_path, workers):
    """Written again, by one process or several (also more than there are states), every file
    has the same bytes, gzip copies included, and nothing else is left behind."""
    for name, (directory, site) in written.items():
        again = str(tmp_path / name)
        datasets.write(directory, again, URL, workers=workers)
        assert files(again) == files(site), name


def whole(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"


def _ids(thing, out: list) -> list:
    """Every ``id`` in an HSDS document, depth first."""
    if isinstance(thing, dict):
        if "id" in thing:
            out.append(thing["id"])
        for value in thing.values():
            _ids(value, out)
    elif isinstance(thing, list):
        for value in thing:
            _ids(value, out)
    return out


@pytest.mark.parametrize("name", ["find", "payload", "edge"])
def test_every_record_id_is_a_unique_uuid_and_members_carry_their_service_digits(written, name):
    """Every record id in services.json is a valid UUID, used by one record only (terms aside,
    which are shared); a service's own records (phones, schedules, attributes...) are version 8
    and begin with their service's digits."""
    _directory, site = written[name]
    services = [svc for path in sorted(files(site))
                if path.startswith("data/regions/") and path.endswith("hsds/services.json")
                for svc in json.loads(read(site, path))["contents"]]
    ids = [i for svc in services for i in _ids(svc, [])]
    assert ids and len(ids) == len(set(ids))
    for svc in services:
        assert uuid.UUID(svc["id"]).version == 5
        for child in _ids({k: v for k, v in svc.items() if k != "id"}, []):
            parsed = uuid.UUID(child)
            assert parsed.version == 8 and parsed.variant == uuid.RFC_4122
            assert child[:14] == svc["id"][:14] and child[15:24] == svc["id"][15:24]


def test_member_ids_differ_by_part_and_owner_and_repeat_their_tail():
    """A member id depends on its owner and its parts; the same parts give every owner the same
    last 12 digits (what lets gzip shrink a national export)."""
    a, b = hsds.uid("service", "a"), hsds.uid("service", "b")
    assert hsds.member(a, "phone", "0") != hsds.member(a, "phone", "1")
    assert hsds.member(a, "phone", "0") != hsds.member(b, "phone", "0")
    assert hsds.member(a, "phone", "0")[24:] == hsds.member(b, "phone", "0")[24:]
    assert hsds.member(a, "phone", "0") == hsds.member(a, "phone", "0")


def read(site: str, path: str) -> str:
    with open(os.path.join(site, path), encoding="utf-8", newline="") as handle:
        return handle.read()


def hsds_services(directory, entries) -> list[dict]:
    names = {rid: node.region.name for rid, node in directory.regions.items()}
    return [hsds.service(e.res, names, e.timezone, e.page_url(URL)) for e in entries]


def page(contents: list) -> dict:
    return {"total_items": len(contents), "total_pages": 1, "page_number": 1, "size": len(contents),
            "first_page": True, "last_page": True, "empty": not contents, "contents": contents}


def documents(directory, entries) -> dict[str, str]:
    """What each JSON file of a set holding ``entries`` must read, written at once."""
    feed = meeting_guide.meetings(entries, URL, meeting_guide.regions(directory))
    return {"meetings.json": whole(feed), "hsds/services.json": whole(page(hsds_services(directory, entries))),
            "resources.geojson": whole(geojson.collection(entries, URL))}


def in_state_order(directory) -> list:
    return [e for _key, _name, entries in datasets.parts(directory) for e in entries]


@pytest.mark.parametrize("name", ["find", "payload", "edge"])
def test_each_state_and_the_whole_catalog_equal_the_documents_written_at_once(written, name):
    """Each state's meetings.json, services.json and resources.geojson, and the whole catalog's
    (the states one after the other), are json.dumps of the whole list."""
    directory, site = written[name]
    groups = datasets.parts(directory)
    assert len(groups) > 1
    assert sorted(e.id for e in in_state_order(directory)) == sorted(e.id for e in directory.entries)
    for key, _name, entries in groups:
        for path, text in documents(directory, entries).items():
            assert read(site, f"data/regions/{key}/{path}") == text, (key, path)
    for path, text in documents(directory, in_state_order(directory)).items():
        assert read(site, f"data/{path}") == text, path


@pytest.mark.parametrize("name", ["find", "payload", "edge"])
def test_attributes_name_their_terms_by_id_and_each_set_publishes_them(written, name):
    """No attribute inlines its taxonomy term; every term id an attribute names is in the
    set's taxonomy_terms.json (a page of terms sorted by id) and taxonomy_terms.csv."""
    directory, site = written[name]
    for folder in ["data"] + [f"data/regions/{key}" for key, _n, _e in datasets.parts(directory)]:
        document = json.loads(read(site, f"{folder}/hsds/services.json"))
        attributes = [a for s in document["contents"] for a in
                      s.get("attributes", []) + [x for p in s.get("phones", []) for x in p.get("attributes", [])]]
        assert attributes and not any("taxonomy_term" in a for a in attributes)
        terms = json.loads(read(site, f"{folder}/hsds/taxonomy_terms.json"))
        ids = [t["id"] for t in terms["contents"]]
        assert ids == sorted(ids) and terms["total_items"] == len(ids)
        assert {a["taxonomy_term_id"] for a in attributes} == set(ids)
        with open(os.path.join(site, folder, "hsds", "taxonomy_terms.csv"), encoding="utf-8", newline="") as handle:
            assert [r["id"] for r in csv.DictReader(handle)] == ids


@pytest.mark.parametrize("name", ["find", "payload"])
def test_csv_tables_hold_every_service_in_order(written, name):
    """services.csv and attributes.csv list every service's rows in state then catalog order (a
    phone's attributes before its service's), and taxonomy terms once each, sorted by id."""
    directory, site = written[name]
    contents = hsds_services(directory, in_state_order(directory))

    def rows(table):
        with open(os.path.join(site, "data", "hsds", table + ".csv"), encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    assert [r["id"] for r in rows("services")] == [s["id"] for s in contents]
    assert [r["description"] for r in rows("services")] == [streams.cell(s.get("description", "")) for s in contents]
    expected = [a["id"] for s in contents
                for a in [x for p in s.get("phones", []) for x in p.get("attributes", [])]
                + s.get("attributes", [])]
    assert [r["id"] for r in rows("attributes")] == expected
    terms = [r["id"] for r in rows("taxonomy_terms")]
    assert terms == sorted(set(terms)) and len(terms) > 5
    with open(os.path.join(site, "data", "hsds", "datapackage.json"), encoding="utf-8") as handle:
        package = json.load(handle)
    assert [r["path"] for r in package["resources"]] == [f"{t}.csv" for t in hsds.TABLES]


def records_in(site: str, url: str) -> int:
    """Count what a file holds, read the way a reader reads it."""
    path = os.path.join(site, "data", url)
    if url.endswith(".csv"):
        with open(path, encoding="utf-8", newline="") as handle:
            return len(list(csv.DictReader(handle)))
    data = json.loads(read(site, os.path.join("data", url)))
    return len(data) if isinstance(data, list) else len(data.get("contents", data.get("features", [])))


@pytest.mark.parametrize("name", ["find", "payload", "edge"])
def test_the_index_describes_every_file_and_its_sums_equal_the_parts(written, name):
    """index.json gives each file's true record count, size and SHA-256 (and its gzip copy's);
    the whole catalog's counts are the sums of the states' (terms: the distinct ones)."""
    directory, site = written[name]
    index = json.loads(read(site, "data/index.json"))
    regions = index["regions"]
    assert [r["id"] for r in regions] == [key for key, _n, _e in datasets.parts(directory)]
    assert sum(r["listings"] for r in regions) == len(directory.entries)
    listed = index["whole_catalog"]["files"] + [f for r in regions for f in r["files"]]
    for item in listed:
        for facts in (item, item.get("gzip")):
            if facts:
                with open(os.path.join(site, "data", facts["url"]), "rb") as handle:
                    data = handle.read()
                assert (len(data), hashlib.sha256(data).hexdigest()) == (facts["bytes"], facts["sha256"])
        if "records" in item and item["url"].endswith((".csv", ".json", ".geojson")):
            assert item["records"] == records_in(site, item["url"]), item["url"]
    on_disk = {os.path.relpath(os.path.join(f, n), os.path.join(site, "data")) for f, _d, names
               in os.walk(os.path.join(site, "data")) for n in names}
    assert on_disk - {"index.json"} == {x["url"] for i in listed for x in (i, i.get("gzip")) if x}
    whole_files = {f["url"]: f for f in index["whole_catalog"]["files"]}
    for url, item in whole_files.items():
        parts = [f for r in regions for f in r["files"] if f["url"].split("/", 2)[2] == url]
        assert len(parts) == len(regions)
        if url == "hsds/taxonomy_terms.json" or url == "hsds/taxonomy_terms.csv":
            assert item["records"] <= sum(p["records"] for p in parts)
        elif "records" in item:
            assert item["records"] == sum(p["records"] for p in parts), url


@pytest.mark.parametrize("name", ["find", "edge"])
def test_gzip_copies_decompress_to_the_plain_files_and_carry_no_time(written, name):
    """Each .gz holds exactly its plain file's bytes, with modification time 0 and no file
    name in its header; the Meeting Guide feed, fetched by browsers as JSON, has none."""
    _directory, site = written[name]
    copies = [os.path.join(f, n) for f, _d, names in os.walk(os.path.join(site, "data"))
              for n in names if n.endswith(".gz")]
    assert any(c.endswith("services.json.gz") for c in copies) and any(c.endswith("attributes.csv.gz") for c in copies)
    assert not any(c.endswith("meetings.json.gz") for c in copies)
    for copy in copies:
        with open(copy, "rb") as handle:
            raw = handle.read()
        with open(copy[:-3], "rb") as handle:
            assert gzip.decompress(raw) == handle.read()
        assert raw[4:8] == b"\0\0\0\0" and not raw[3] & 0x08  # MTIME 0, no FNAME flag


def test_whole_catalog_files_only_within_the_limit(written, tmp_path, monkeypatch):
    """A format's whole-catalog files are there when its states' files add up to at most the
    limit and absent above it, the index saying which; the Meeting Guide feed is whole at any
    size; the states' sets are the same whatever the limit."""
    directory, site = written["find"]
    index = json.loads(read(site, "data/index.json"))
    assert index["whole_catalog"]["limit_megabytes"] == datasets.DEFAULT_WHOLE_MEGABYTES
    sizes = {k: v["bytes"] for k, v in index["whole_catalog"]["formats"].items()}
    assert all(f["published"] for f in index["whole_catalog"]["formats"].values())
    monkeypatch.setattr(indexer, "MEGABYTE", 1)  # the limit in bytes, to fall between the formats
    limit = sorted(sizes.values())[1]
    for folder, whole in (("between", limit), ("none", 0)):
        out = str(tmp_path / folder)
        paths = datasets.write(directory, out, URL, whole_megabytes=whole, plain_megabytes=10**9)
        index = json.loads(read(out, "data/index.json"))
        published = {k: v["published"] for k, v in index["whole_catalog"]["formats"].items()}
        expected = {k: k == "meeting_guide" or size <= whole for k, size in sizes.items()}
        assert published == expected
        assert 1 < sum(expected.values()) < 4 if whole else sum(expected.values()) == 1
        whole_files = [f["url"] for f in index["whole_catalog"]["files"]]
        assert whole_files == [p for k in datasets.FORMATS if expected[k] for p in datasets.FORMATS[k]]
        for fmt, files_of in datasets.FORMATS.items():
            for path in files_of:
                assert os.path.exists(os.path.join(out, "data", path)) == expected[fmt], path
                assert (f"data/{path}" in paths) == expected[fmt]
        assert files(os.path.join(out, "data", "regions")) == files(os.path.join(site, "data", "regions"))


def test_formats_over_the_plain_limit_are_published_gzip_only(written, tmp_path, monkeypatch):
    """A format whose files add up to more than plain_megabytes keeps only its gzip files, each
    the gzip of what the plain file would be, the index naming the .gz with the content's size
    and SHA-256, and the CSV package declaring .csv.gz tables; the Meeting Guide feed stays plain."""
    directory, site = written["find"]
    monkeypatch.setattr(indexer, "MEGABYTE", 1)
    out = str(tmp_path / "packed")
    paths = datasets.write(directory, out, URL, whole_megabytes=10**9, plain_megabytes=0)
    index = json.loads(read(out, "data/index.json"))
    assert index["gzip_only"]["formats"] == ["hsds_json", "hsds_csv", "geojson", "data_health"]
    plain = files(site)
    for item in index["whole_catalog"]["files"] + [f for r in index["regions"] for f in r["files"]]:
        name = os.path.join("data", item["url"])
        if item["url"].endswith(".gz"):
            assert item["compression"] == "gzip" and not os.path.exists(os.path.join(out, name[:-3]))
            with open(os.path.join(out, name), "rb") as handle:
                content = gzip.decompress(handle.read())
            assert (len(content), hashlib.sha256(content).hexdigest()) == (
                item["uncompressed"]["bytes"], item["uncompressed"]["sha256"])
            if not name.endswith("datapackage.json.gz"):
                assert content == plain[name[:-3]], name
        else:
            assert item["url"].endswith(("meetings.json", "taxonomy_terms.json", "datapackage.json"))
            assert name in paths
    package = json.loads(read(out, "data/regions/ohio/hsds/datapackage.json"))
    assert [(r["path"], r["compression"]) for r in package["resources"]] == [
        (f"{t}.csv.gz", "gz") for t in hsds.TABLES]
    assert read(out, "data/meetings.json") == read(site, "data/meetings.json")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_ids_are_uuid5_of_the_name(name):
    """HSDS ids are RFC 4122 version-5 UUIDs of their name in the project's namespace."""
    assert hsds._uuid5(name) == str(uuid.uuid5(hsds.NAMESPACE, name))
