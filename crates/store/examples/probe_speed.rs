// Throwaway speed probe (deleted after measuring).
use futures_util::TryStreamExt;
use std::time::Instant;
#[tokio::main]
async fn main() {
    let path = "/tmp/probe/probe.db";
    let _ = std::fs::remove_dir_all("/tmp/probe");
    std::fs::create_dir_all("/tmp/probe").unwrap();
    let db = store::Db::connect(&format!("sqlite://{path}"))
        .await
        .unwrap();
    db.migrate().await.unwrap();
    let store::Db::Sqlite(pool) = &db else {
        panic!()
    };
    if std::env::args().nth(2).is_some() {
        rusqlite_read("/tmp/probe2/probe.db");
        return;
    }
    let n: i64 = std::env::args()
        .nth(1)
        .map(|s| s.parse().unwrap())
        .unwrap_or(2_000_000);
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.unwrap();
    for c in 0..100_000i64 {
        if c % 1000 == 0 {}
        sqlx::query("INSERT INTO customers (id, name, created_at, updated_at) VALUES ($1, 'x', '2024-01-01T00:00:00+00:00', '2024-01-01T00:00:00+00:00')").bind(c + 1).execute(&mut *tx).await.unwrap();
    }
    tx.commit().await.unwrap();
    let rows_per = 500usize;
    let mut sql = String::from(
        "INSERT INTO survey_responses (external_id, customer_id, kind, score, channel, touchpoint, segment, agent_id, created_at) VALUES ",
    );
    for r in 0..rows_per {
        if r > 0 {
            sql.push(',');
        }
        sql.push_str("(?,?,?,?,?,?,?,?,?)");
    }
    let started = Instant::now();
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.unwrap();
    let mut i = 0i64;
    while i < n {
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
        for _ in 0..rows_per {
            i += 1;
            q = q
                .bind(i.to_string())
                .bind(i % 100_000 + 1)
                .bind("nps")
                .bind((i % 11) as i32)
                .bind("email")
                .bind("support")
                .bind("smb")
                .bind(None::<i64>)
                .bind(format!("2024-05-{:02}T18:42:42+00:00", i % 28 + 1));
        }
        q.execute(&mut *tx).await.unwrap();
    }
    tx.commit().await.unwrap();
    let s = started.elapsed().as_secs_f64();
    println!("insert {n} rows: {s:.2}s = {:.0} rows/s", n as f64 / s);
    let started = Instant::now();
    let mut rows = sqlx::query_as::<_, (i64, i64, String, i32, Option<String>, Option<String>, Option<String>, Option<i64>, String)>("SELECT id, customer_id, kind, score, channel, touchpoint, segment, agent_id, created_at FROM survey_responses ORDER BY id").fetch(pool);
    let mut sum = 0i64;
    while let Some(r) = rows.try_next().await.unwrap() {
        sum += r.0 + r.3 as i64 + r.8.len() as i64;
    }
    let s = started.elapsed().as_secs_f64();
    println!(
        "fetch tuple-owned {n}: {s:.2}s = {:.0} rows/s ({sum})",
        n as f64 / s
    );
    let started = Instant::now();
    let mut rows = sqlx::query("SELECT id, customer_id, kind, score, channel, touchpoint, segment, agent_id, created_at FROM survey_responses ORDER BY id").fetch(pool);
    let mut sum = 0i64;
    use sqlx::Row;
    while let Some(r) = rows.try_next().await.unwrap() {
        let a: i64 = r.get(0);
        let b: &str = r.get(8);
        let c: Option<&str> = r.get(4);
        sum += a + b.len() as i64 + c.map_or(0, |c| c.len() as i64);
    }
    let s = started.elapsed().as_secs_f64();
    println!(
        "fetch borrowed {n}: {s:.2}s = {:.0} rows/s ({sum})",
        n as f64 / s
    );
}
#[allow(dead_code)]
fn rusqlite_read(path: &str) {
    let started = Instant::now();
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let mut stmt = conn.prepare("SELECT id, customer_id, kind, score, channel, touchpoint, segment, agent_id, created_at FROM survey_responses ORDER BY id").unwrap();
    let mut rows = stmt.query([]).unwrap();
    let mut sum = 0i64;
    let mut n = 0;
    while let Some(r) = rows.next().unwrap() {
        let id: i64 = r.get(0).unwrap();
        let kind = r.get_ref(2).unwrap().as_str().unwrap();
        let ch = r.get_ref(4).unwrap().as_str_or_null().unwrap();
        let tp = r.get_ref(5).unwrap().as_str_or_null().unwrap();
        let seg = r.get_ref(6).unwrap().as_str_or_null().unwrap();
        let ag: Option<i64> = r.get(7).unwrap();
        let at = r.get_ref(8).unwrap().as_str().unwrap();
        sum += id
            + kind.len() as i64
            + ch.map_or(0, |c| c.len() as i64)
            + tp.map_or(0, |c| c.len() as i64)
            + seg.map_or(0, |c| c.len() as i64)
            + ag.unwrap_or(0)
            + at.len() as i64;
        n += 1;
    }
    let s = started.elapsed().as_secs_f64();
    println!("rusqlite {n}: {s:.2}s = {:.0} rows/s ({sum})", n as f64 / s);
}
