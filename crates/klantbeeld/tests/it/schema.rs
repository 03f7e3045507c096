use crate::helpers::{fresh_postgres, is_postgres};

/// The SQLite and PostgreSQL migrations must produce the same tables and columns.
#[tokio::test]
async fn both_backends_have_the_same_schema() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sqlite = store::Db::connect(&format!("sqlite://{}/schema.db", dir.path().display()))
        .await
        .expect("sqlite");
    sqlite.migrate().await.expect("migrate sqlite");
    let sqlite_columns = store::schema::columns(&sqlite).await.expect("columns");
    assert!(sqlite_columns.contains(&("events".into(), "seq".into())));
    if !is_postgres() {
        eprintln!("schema parity: KLANTBEELD_TEST_DATABASE_URL not set, compared SQLite only");
        return;
    }
    let server = std::env::var("KLANTBEELD_TEST_DATABASE_URL").expect("set");
    let postgres = store::Db::connect(&fresh_postgres(&server).await)
        .await
        .expect("postgres");
    postgres.migrate().await.expect("migrate postgres");
    let postgres_columns = store::schema::columns(&postgres).await.expect("columns");
    assert_eq!(sqlite_columns, postgres_columns);
}
