//! Request metrics in the Prometheus text format, recorded by a middleware per route template.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

/// Upper bounds of the latency histogram, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

#[derive(Default)]
struct Series {
    count: u64,
    sum_seconds: f64,
    buckets: [u64; BUCKETS.len()],
}

#[derive(Default)]
pub struct Metrics {
    /// Keyed by (method, route template, status).
    requests: Mutex<BTreeMap<(String, String, u16), Series>>,
}

impl Metrics {
    fn record(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let mut requests = self.requests.lock().unwrap_or_else(|p| p.into_inner());
        let series = requests
            .entry((method.to_string(), route.to_string(), status))
            .or_default();
        series.count += 1;
        series.sum_seconds += seconds;
        for (bucket, bound) in series.buckets.iter_mut().zip(BUCKETS) {
            if seconds <= bound {
                *bucket += 1;
            }
        }
    }

    /// The exposition text, with `extra` gauges appended.
    pub fn render(&self, extra: &[(&str, &str, f64)]) -> String {
        let requests = self.requests.lock().unwrap_or_else(|p| p.into_inner());
        let mut out = String::new();
        out.push_str(
            "# HELP klantbeeld_http_requests_total HTTP requests by method, route and status.\n",
        );
        out.push_str("# TYPE klantbeeld_http_requests_total counter\n");
        for ((method, route, status), series) in requests.iter() {
            let _ = writeln!(
                out,
                "klantbeeld_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {}",
                series.count
            );
        }
        out.push_str("# HELP klantbeeld_http_request_duration_seconds HTTP request latency.\n");
        out.push_str("# TYPE klantbeeld_http_request_duration_seconds histogram\n");
        let mut by_route: BTreeMap<(&str, &str), Series> = BTreeMap::new();
        for ((method, route, _), series) in requests.iter() {
            let total = by_route.entry((method, route)).or_default();
            total.count += series.count;
            total.sum_seconds += series.sum_seconds;
            for (sum, add) in total.buckets.iter_mut().zip(series.buckets) {
                *sum += add;
            }
        }
        for ((method, route), series) in &by_route {
            let labels = format!("method=\"{method}\",route=\"{route}\"");
            for (count, bound) in series.buckets.iter().zip(BUCKETS) {
                let _ = writeln!(
                    out,
                    "klantbeeld_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {count}"
                );
            }
            let _ = writeln!(
                out,
                "klantbeeld_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                series.count
            );
            let _ = writeln!(
                out,
                "klantbeeld_http_request_duration_seconds_sum{{{labels}}} {}",
                series.sum_seconds
            );
            let _ = writeln!(
                out,
                "klantbeeld_http_request_duration_seconds_count{{{labels}}} {}",
                series.count
            );
        }
        for (name, help, value) in extra {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}"
            );
        }
        out
    }
}

/// Records each request in the handle it is given (`AppState::metrics`), nothing else of the state.
pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(request.method());
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let response = next.run(request).await;
    metrics.record(
        method,
        &route,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

/// Standard methods by name, anything else as `OTHER`: a label per custom method would let any
/// caller grow the exposition without bound.
fn method_label(method: &Method) -> &'static str {
    match method.as_str() {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "PATCH" => "PATCH",
        "DELETE" => "DELETE",
        "OPTIONS" => "OPTIONS",
        "CONNECT" => "CONNECT",
        "TRACE" => "TRACE",
        _ => "OTHER",
    }
}
