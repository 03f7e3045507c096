//! Startup and shutdown: connect and migrate, load the fact store and the search index, serve until the shutdown future
//! resolves, run the periodic housekeeping, close the pool.

mod connections;

use std::future::Future;
use std::time::Duration;

use anyhow::Context;
use store::Db;
use tokio::net::TcpListener;

use crate::config::{Config, redact_url};

/// Opens the configured database and applies pending migrations.
pub async fn open_database(config: &Config) -> anyhow::Result<Db> {
    let db = Db::connect(&config.database_url)
        .await
        .with_context(|| format!("connecting to {}", redact_url(&config.database_url)))?;
    db.migrate().await.context("migrating the database")?;
    Ok(db)
}

/// Serves on `listener` until `shutdown` resolves, then finishes in-flight requests.
pub async fn serve(
    db: Db,
    config: &Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let mut state =
        web::AppState::new(db.clone(), config.web()).context("starting the intake writers")?;
    if store::agents::count(&db).await? == 0 {
        let key = store::generate_secret("");
        let base = match &config.public_url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None => format!("http://{}", listener.local_addr()?),
        };
        tracing::warn!(
            "no agent exists yet: create the first admin at {base}/setup?key={key} \
             (from this machine also at /setup), or with `klantbeeld agent create`"
        );
        state = state.with_first_run_key(key);
    }
    let facts = crate::facts::start(db.clone(), state.facts.clone());
    let search = crate::search::start(db.clone(), config.search_index_path(), state.search.clone());
    let live = {
        let (live, db) = (state.live.clone(), db.clone());
        tokio::spawn(async move { live.follow(&db).await })
    };
    let jobs = crate::jobs::start(&state, config);
    let app = web::router(state);
    let housekeeping = tokio::spawn(housekeeping(db.clone()));
    let limits = connections::Limits {
        max_connections: config.max_connections,
        header_timeout: Duration::from_secs(config.header_timeout_secs.max(1)),
    };
    connections::serve(listener, app, limits, shutdown).await;
    housekeeping.abort();
    facts.abort();
    search.abort();
    // Wait until the index writer is dropped, so its lock and files are free for a restart.
    let _ = search.await;
    live.abort();
    for job in jobs {
        job.abort();
    }
    db.close().await;
    Ok(())
}

async fn housekeeping(db: Db) {
    let mut every_hour = tokio::time::interval(Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        match store::sessions::delete_expired(&db).await {
            Ok(removed) if removed > 0 => tracing::info!(removed, "expired sessions removed"),
            Ok(_) => {}
            Err(err) => tracing::warn!(error = %err, "removing expired sessions failed"),
        }
    }
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

/// `klantbeeld healthcheck`: true when `GET /healthz` on `addr` answers 200 within five seconds.
pub async fn healthcheck(addr: &str) -> bool {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let probe = async {
        let mut stream = tokio::net::TcpStream::connect(addr).await.ok()?;
        let request = format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).await.ok()?;
        let mut head = [0u8; 16];
        let n = stream.read(&mut head).await.ok()?;
        Some(head[..n].starts_with(b"HTTP/1.1 200"))
    };
    matches!(
        tokio::time::timeout(Duration::from_secs(5), probe).await,
        Ok(Some(true))
    )
}
