-- wrk script: POST /api/v1/interactions with a unique body and external id per request, from a
-- pool of 20,000 customers on four channels. Prints one JSON line with the outcome counts.
-- Token from KB_TOKEN.

local threads = {}
local channels = { "email", "chat", "sms", "web" }

function setup(thread)
    thread:set("thread_id", #threads + 1)
    table.insert(threads, thread)
end

function init(args)
    ok, overload, other, n = 0, 0, 0, 0
    headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. os.getenv("KB_TOKEN") }
    run = os.getenv("KB_RUN") or "run"
end

function request()
    n = n + 1
    local key = run .. "-" .. thread_id .. "-" .. n
    local customer = (n * 7919 + thread_id * 104729) % 20000
    local channel = channels[(n % 4) + 1]
    local body = string.format(
        '{"channel":"%s","from":{"email":"klant%d@voorbeeld.nl"},"subject":"Vraag %s","body":"Bericht %s over mijn termijnbedrag en de jaarafrekening.","external_id":"%s"}',
        channel, customer, key, key, key)
    return wrk.format("POST", "/api/v1/interactions", headers, body)
end

function response(status, headers, body)
    if status == 201 or status == 200 then
        ok = ok + 1
    elseif status == 503 or status == 429 then
        overload = overload + 1
    else
        other = other + 1
    end
end

function done(summary, latency, requests)
    local total_ok, total_overload, total_other = 0, 0, 0
    for _, thread in ipairs(threads) do
        total_ok = total_ok + thread:get("ok")
        total_overload = total_overload + thread:get("overload")
        total_other = total_other + thread:get("other")
    end
    local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
    io.write(string.format(
        '{"requests":%d,"seconds":%.3f,"ok":%d,"overload":%d,"other":%d,"socket_errors":%d,"p50_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f}\n',
        summary.requests, summary.duration / 1e6, total_ok, total_overload, total_other, errors,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
