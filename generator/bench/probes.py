"""Scripts run in a fresh interpreter (sdkgen's, or the peer's virtualenv) to time a client.

They use only the standard library, httpx and pydantic, so the peer's interpreter runs them
too. Each prints one JSON object on its last line.
"""

from __future__ import annotations

# argv: root package
IMPORT_PROBE = r"""
import json, sys, time
root, package = sys.argv[1:3]
sys.path.insert(0, root)
started, cpu = time.perf_counter(), time.process_time()
module = __import__(package)
client = module.Client(base_url="http://127.0.0.1:9")
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "modules": len(sys.modules),
                  "package_modules": sum(m.split(".")[0] == package for m in sys.modules)}))
"""

# argv: root package spec_json body_path baseline_root baseline_model rounds calls
CALL_PROBE = r"""
import asyncio, gc, importlib, json, statistics, sys, time
root, package, spec, body_path, base_root, base_model = sys.argv[1:7]
rounds, calls = int(sys.argv[7]), int(sys.argv[8])
spec = json.loads(spec)
sys.path.insert(0, root)
import httpx
BODY = open(body_path, "rb").read()
URL = "http://127.0.0.1:9/bench"

SENT = []

def handler(request):
    SENT.append(request.headers)
    return httpx.Response(200, content=BODY, headers={"content-type": "application/json"})

transport = httpx.MockTransport(handler)
module = __import__(package)
mine = lambda: {m for m in sys.modules if m.split(".")[0] == package}
if spec["kind"] == "sdkgen":
    client = module.Client(base_url=URL, http_client=httpx.Client(transport=transport))
    aclient = module.AsyncClient(base_url=URL, http_client=httpx.AsyncClient(transport=transport))
else:
    client = module.Client(base_url=URL)
    client.set_httpx_client(httpx.Client(base_url=URL, transport=transport))
    client.set_async_httpx_client(httpx.AsyncClient(base_url=URL, transport=transport))
before = set(sys.modules)
loaded_before = mine()
started = time.perf_counter()
if spec["kind"] == "sdkgen":
    method = getattr(getattr(client, spec["resource"]), spec["method"])
    first = method()
else:
    api = importlib.import_module(package + "." + spec["module"])
    first = api.sync(client=client)
first_seconds = time.perf_counter() - started
if spec["kind"] == "sdkgen":
    amethod = getattr(getattr(aclient, spec["resource"]), spec["method"])
    sync_call = lambda: method()
    async_call = lambda: amethod()
else:
    sync_call = lambda: api.sync(client=client)
    async_call = lambda: api.asyncio(client=client)
loaded = sorted(mine() - loaded_before)
new_modules = len(set(sys.modules) - before)
if first is None:
    raise SystemExit("the call returned None: the response did not parse")

# the baseline: raw httpx and pydantic's validate_json of the same response
sys.path.insert(0, base_root)
import pydantic
model = importlib.import_module(base_model.rsplit(".", 1)[0])
adapter = pydantic.TypeAdapter(getattr(model, base_model.rsplit(".", 1)[1]))
http = httpx.Client(transport=transport)
ahttp = httpx.AsyncClient(transport=transport)
# the headers the client sent that a bare httpx request does not
SENT.clear()
sync_call()
http.get(URL)
HEADERS = {k: v for k, v in SENT[0].items() if SENT[1].get(k) != v}
def raw_sync():
    return adapter.validate_json(http.get(URL).content)
async def raw_async():
    return adapter.validate_json((await ahttp.get(URL)).content)
def raw_headers_sync():
    return adapter.validate_json(http.get(URL, headers=HEADERS).content)
raw_sync()

# CPU time of this thread: the calls do no I/O (MockTransport), and CPU time does not count
# the time other processes of a busy machine hold the cores
clock = time.thread_time

def timed(fn):
    gc.collect()
    started = clock()
    for _ in range(calls):
        fn()
    return (clock() - started) / calls

async def atimed(fn):
    gc.collect()
    started = clock()
    for _ in range(calls):
        await fn()
    return (clock() - started) / calls

samples = {"raw_sync": [], "client_sync": [], "raw_async": [], "client_async": [],
           "raw_headers_sync": []}
async def main():
    await async_call()
    await raw_async()
    for _ in range(rounds):
        samples["raw_sync"].append(timed(raw_sync))
        samples["client_sync"].append(timed(sync_call))
        samples["raw_headers_sync"].append(timed(raw_headers_sync))
        samples["raw_async"].append(await atimed(raw_async))
        samples["client_async"].append(await atimed(async_call))
asyncio.run(main())
result = {k: statistics.median(v) for k, v in samples.items()}
result.update(first_call_seconds=first_seconds, first_call_new_modules=new_modules,
              first_call_package_modules=loaded, result_type=type(first).__name__,
              extra_headers=sorted(HEADERS))
print(json.dumps(result))
"""
