-- wrk script for a plain GET: prints one JSON line with throughput and latency.
function done(summary, latency, requests)
    io.write(string.format('{"requests":%d,"seconds":%.3f,"non_2xx":%d,"p50_ms":%.2f,"p99_ms":%.2f}\n',
        summary.requests, summary.duration / 1e6, summary.errors.status,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
