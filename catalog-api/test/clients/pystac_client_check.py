"""Drives the Styx catalog with pystac-client, a real STAC client, and prints what it saw as JSON.

Usage: python pystac_client_check.py ROOT_URL COLLECTION CQL2_TEXT
"""

import json
import sys

from pystac_client import Client


def main() -> None:
    root_url, collection, cql2_text = sys.argv[1:4]
    client = Client.open(root_url)
    out: dict = {"conforms_to_item_search": client.conforms_to("ITEM_SEARCH")}

    # Page through every item of a big collection, 100 per page, as a notebook would.
    search = client.search(collections=[collection], limit=100)
    ids = [item.id for item in search.items()]
    out["paged_ids"] = len(ids)
    out["paged_unique"] = len(set(ids))
    out["matched"] = search.matched()

    # A CQL2-text filter, sent by GET as pystac-client does by default.
    filtered = client.search(collections=[collection], filter=cql2_text, filter_lang="cql2-text", limit=50)
    out["filtered_ids"] = sorted(item.id for item in filtered.items())
    out["filtered_matched"] = filtered.matched()

    # Collection search (free text) through pystac-client's collection_search.
    found = client.collection_search(q="gauging OR water OR SWOT")
    out["collection_search_ids"] = sorted(c.id for c in found.collections())

    out["collection_ids"] = sorted(c.id for c in client.get_collections())
    print(json.dumps(out))


if __name__ == "__main__":
    main()
