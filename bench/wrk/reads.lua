-- wrk script for reads: KB_PATH is a path with {id}, replaced per request by a random id in
-- 1..KB_MAX_ID. Token from KB_TOKEN. Prints one JSON line.
function init(args)
    path = os.getenv("KB_PATH")
    max_id = tonumber(os.getenv("KB_MAX_ID"))
    headers = { ["Authorization"] = "Bearer " .. os.getenv("KB_TOKEN") }
    math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 1000)
end

function request()
    return wrk.format("GET", (path:gsub("{id}", tostring(math.random(1, max_id)))), headers)
end

function done(summary, latency, requests)
    io.write(string.format('{"requests":%d,"seconds":%.3f,"non_2xx":%d,"p50_ms":%.2f,"p99_ms":%.2f}\n',
        summary.requests, summary.duration / 1e6, summary.errors.status,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
