"""The tiles benchmark's peer: titiler's COG tiler (titiler.core's TilerFactory) as titiler's own
docs build a minimal app, served by uvicorn. Tiles at /cog/tiles/WebMercatorQuad/{z}/{x}/{y}.png?url=...
"""

from fastapi import FastAPI
from titiler.core.errors import DEFAULT_STATUS_CODES, add_exception_handlers
from titiler.core.factory import TilerFactory

app = FastAPI(title="titiler (Styx tiles benchmark peer)")
cog = TilerFactory(router_prefix="/cog")
app.include_router(cog.router, prefix="/cog")
add_exception_handlers(app, DEFAULT_STATUS_CODES)


@app.get("/healthz")
def healthz() -> dict:
    return {"ok": True}
