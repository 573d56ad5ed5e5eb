"""Runs stac-api-validator with the JSON Schemas it needs served from local copies.

stac-validator (used by stac-api-validator to check every collection and item) downloads the
STAC and GeoJSON schemas from the web, which this machine cannot reach. scripts/setup.sh puts
the STAC 1.0.0 core and GeoJSON schemas that pystac 1.10.1 ships into .venv/share/stac-schemas;
here their URLs are mapped to those files. Extension schemas (eo, projection, sat, ...) have no
offline copy on any package registry we can use, so they are replaced by an empty schema and
their fields are NOT schema-checked here: the core STAC and GeoJSON validation is real, and the
run prints which extension schemas were skipped.

Usage: python run_stac_api_validator.py SCHEMA_DIR [stac-api-validator arguments...]
"""

import os
import re
import sys

import stac_validator.utilities as utilities
from pystac.validation.stac_validator import JsonSchemaSTACValidator
from stac_api_validator.__main__ import main

schema_dir = sys.argv.pop(1)
original_fetch = utilities.fetch_and_parse_file
skipped: set[str] = set()

LOCAL = [
    (re.compile(r"^https://schemas\.stacspec\.org/v1\.0\.0/[a-z]+-spec/json-schema/([a-z-]+\.json)$"),
     "stac-spec/v1.0.0/{0}"),
    (re.compile(r"^https://geojson\.org/schema/(Feature|Geometry)\.json$"), "geojson/{0}.json"),
]


def fetch_offline(input_path, headers=None):
    for pattern, template in LOCAL:
        match = pattern.match(input_path)
        if match:
            return original_fetch(os.path.join(schema_dir, template.format(*match.groups())))
    if input_path.startswith("https://stac-extensions.github.io/"):
        if input_path not in skipped:
            skipped.add(input_path)
            print(f"offline: extension schema not checked: {input_path}", file=sys.stderr)
        return {"$schema": "http://json-schema.org/draft-07/schema#"}
    return original_fetch(input_path, headers)


utilities.fetch_and_parse_file = fetch_offline

# pystac's own validation (the validator's last step) reads schemas through its StacIO: the same
# mapping applies there.
original_get_schema = JsonSchemaSTACValidator._get_schema


def get_schema_offline(self, schema_uri):
    if schema_uri not in self.schema_cache:
        for pattern, _ in LOCAL:
            if pattern.match(schema_uri):
                self.schema_cache[schema_uri] = fetch_offline(schema_uri)
        if schema_uri.startswith("https://stac-extensions.github.io/"):
            self.schema_cache[schema_uri] = fetch_offline(schema_uri)
    return original_get_schema(self, schema_uri)


JsonSchemaSTACValidator._get_schema = get_schema_offline
sys.exit(main(prog_name="stac-api-validator"))
