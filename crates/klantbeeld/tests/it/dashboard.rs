//! The dashboard as a manager reads it: tiles that name their period and compare with the period
//! before and with a target, trends claimed only with data, breakdown exports with every column
//! as shown (and the Dutch spreadsheet variant), drill-downs that page and export, each tile's
//! link opening exactly the facts it counts, and a demo whose every tile has a figure. Expected
//! figures are worked out by hand in the comments.

use serde_json::Value;

use crate::helpers::TestApp;
use crate::metrics::{import_ok, rows_when, write};
use crate::ui::{csrf_of, logged_in};

/// February 2025 against the 28 days before it (4–31 January).
const PERIOD: &str = "from=2025-02-01&to=2025-02-28";

/// Before: CSAT 5 4 2 1 (2 of 4 in the top-2 box: 50 %), NPS 10 9 6 3 (2 promoters − 2
/// detractors: 0), CES 6 4 (mean 5). February: CSAT 5 4 4 2 1 5 (4 of 6: 66.67 %), NPS 10 10 9 7 2
/// ((3 − 1) / 5: 40), CES 7 6 3 (mean 5.33).
const RESPONSES: &str = "\
response_id,customer_id,survey_kind,score,channel,touchpoint,segment,agent_id,created_at
p1,c1,csat,5,email,support,,,2025-01-10 12:00:00
p2,c2,csat,4,email,support,,,2025-01-11 12:00:00
p3,c3,csat,2,chat,support,,,2025-01-12 12:00:00
p4,c4,csat,1,chat,support,,,2025-01-13 12:00:00
p5,c1,nps,10,email,renewal,,,2025-01-14 12:00:00
p6,c2,nps,9,email,renewal,,,2025-01-15 12:00:00
p7,c3,nps,6,email,renewal,,,2025-01-16 12:00:00
p8,c4,nps,3,email,renewal,,,2025-01-17 12:00:00
p9,c5,ces,6,email,delivery,,,2025-01-18 12:00:00
p10,c6,ces,4,email,delivery,,,2025-01-19 12:00:00
f1,c1,csat,5,email,support,,,2025-02-03 12:00:00
f2,c2,csat,4,email,support,,,2025-02-04 12:00:00
f3,c3,csat,4,chat,support,,,2025-02-05 12:00:00
f4,c4,csat,2,chat,support,,,2025-02-06 12:00:00
f5,c5,csat,1,email,support,,,2025-02-07 12:00:00
f6,c6,csat,5,email,support,,,2025-02-08 12:00:00
f7,c1,nps,10,email,renewal,,,2025-02-10 12:00:00
f8,c2,nps,10,email,renewal,,,2025-02-11 12:00:00
f9,c3,nps,9,email,renewal,,,2025-02-12 12:00:00
f10,c4,nps,7,email,renewal,,,2025-02-13 12:00:00
f11,c5,nps,2,email,renewal,,,2025-02-14 12:00:00
f12,c6,ces,7,email,delivery,,,2025-02-15 12:00:00
f13,c7,ces,6,email,delivery,,,2025-02-16 12:00:00
f14,c8,ces,3,email,delivery,,,2025-02-17 12:00:00
";

/// Time to resolve: 2 hours in January, 5 hours in February: slower, so worse.
const CASES: &str = "\
ticket_id,customer_id,channel,priority,agent_id,created_at,first_response_at,resolved_at,reopened
t1,c1,email,normal,,2025-01-20 09:00:00,2025-01-20 10:00:00,2025-01-20 11:00:00,false
t2,c2,email,normal,,2025-02-20 09:00:00,2025-02-20 10:00:00,2025-02-20 14:00:00,false
";

async fn two_periods() -> (TestApp, tempfile::TempDir) {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().expect("temp dir");
    import_ok(
        &app,
        "survey-responses",
        &write(dir.path(), "responses.csv", RESPONSES),
    )
    .await;
    import_ok(&app, "cases", &write(dir.path(), "cases.csv", CASES)).await;
    rows_when(&app, "/api/v1/metrics/ces", |rows| {
        rows.first().and_then(|r| r["n"].as_u64()) == Some(5)
    })
    .await;
    rows_when(&app, "/api/v1/metrics/volume", |rows| {
        rows.first().and_then(|r| r["n"].as_u64()) == Some(2)
    })
    .await;
    (app, dir)
}

async fn page(client: &reqwest::Client, app: &TestApp, path: &str) -> String {
    let response = client.get(app.url(path)).send().await.expect("page");
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.expect("html")
}

/// The HTML of one tile.
fn tile<'a>(html: &'a str, key: &str) -> &'a str {
    let start = html
        .find(&format!("data-tile=\"{key}\""))
        .unwrap_or_else(|| panic!("a {key} tile"));
    let end = html[start..].find("</div>").expect("the tile's end") + start;
    &html[start..end]
}

async fn speak_english(client: &reqwest::Client, app: &TestApp) {
    let html = page(client, app, "/dashboard").await;
    let switched = client
        .post(app.url("/language"))
        .form(&[
            ("csrf", csrf_of(&html).as_str()),
            ("lang", "en"),
            ("back", "/dashboard"),
        ])
        .send()
        .await
        .expect("language");
    assert_eq!(switched.status(), 303);
}

#[tokio::test]
async fn tiles_name_their_period_and_compare_with_the_period_before() {
    let (app, _dir) = two_periods().await;
    let client = logged_in(&app).await;
    let html = page(&client, &app, &format!("/dashboard?{PERIOD}")).await;

    let csat = tile(&html, "csat");
    assert!(csat.contains("66,7 %"), "{csat}");
    assert!(csat.contains("01-02-2025 – 28-02-2025 · n = 6"), "{csat}");
    assert!(
        csat.contains("vorige periode (04-01-2025 – 31-01-2025): 50,0 % · n = 4"),
        "{csat}"
    );
    assert!(
        csat.contains("▲</span> +16,7 <span class=\"verdict\">beter</span>"),
        "{csat}"
    );
    assert!(csat.contains("class=\"spark\""), "a sparkline: {csat}");
    let nps = tile(&html, "nps");
    assert!(
        nps.contains("40,0") && nps.contains(": 0,0 · n = 4") && nps.contains("+40,0"),
        "{nps}"
    );
    // CES: the easier, the higher (1–7 agreement), so up is better.
    let ces = tile(&html, "ces");
    assert!(
        ces.contains("5,3") && ces.contains(": 5,0 · n = 2"),
        "{ces}"
    );
    assert!(
        ces.contains("+0,3 <span class=\"verdict\">beter</span>"),
        "{ces}"
    );
    // Time to resolve went from 2 to 5 hours: up, and worse.
    let ttr = tile(&html, "ttr");
    assert!(
        ttr.contains("5,0")
            && ttr.contains("▲</span> +3,0 <span class=\"verdict\">slechter</span>"),
        "{ttr}"
    );
    // Without data in either period there is nothing to compare.
    let asa = tile(&html, "asa");
    assert!(
        asa.contains("n = 0") && !asa.contains("data-change"),
        "{asa}"
    );

    // The default period is the last 30 days, and says so.
    let today = page(&client, &app, "/dashboard").await;
    assert!(tile(&today, "csat").contains("laatste 30 dagen · n = 0"));

    speak_english(&client, &app).await;
    let html = page(&client, &app, &format!("/dashboard?{PERIOD}")).await;
    let csat = tile(&html, "csat");
    assert!(csat.contains("66.7%"), "{csat}");
    assert!(
        csat.contains("1 Feb 2025 – 28 Feb 2025")
            && csat.contains("previous period (4 Jan 2025 – 31 Jan 2025): 50.0%"),
        "{csat}"
    );
    assert!(
        csat.contains("+16.7 <span class=\"verdict\">better</span>"),
        "{csat}"
    );
}

#[tokio::test]
async fn an_admins_targets_show_whether_the_period_met_them() {
    let (app, _dir) = two_periods().await;
    let client = logged_in(&app).await;
    let path = format!("/dashboard?{PERIOD}");
    let html = page(&client, &app, &path).await;
    let csrf = csrf_of(&html);
    let bad = client
        .post(app.url("/dashboard/targets"))
        .form(&[("csrf", csrf.as_str()), ("csat", "120"), ("back", &path)])
        .send()
        .await
        .expect("post");
    assert_eq!(bad.status(), 303);
    assert!(
        bad.headers()["location"]
            .to_str()
            .unwrap()
            .ends_with("notice=invalid_input")
    );
    let saved = client
        .post(app.url("/dashboard/targets"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("csat", "75"),
            ("ttr", "4,5"),
            ("back", &path),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(saved.status(), 303);
    let html = page(&client, &app, &path).await;
    // 66.7 % against 75 %: missed; a median of 5 hours against 4.5: missed too (lower is better).
    assert!(
        tile(&html, "csat").contains("doel 75,0 %: doel niet gehaald"),
        "{}",
        tile(&html, "csat")
    );
    assert!(tile(&html, "ttr").contains("doel 4,5: doel niet gehaald"));
    assert!(
        !tile(&html, "nps").contains("data-target"),
        "no target, no comparison"
    );
    assert!(
        html.contains("name=\"ttr\" value=\"4,5\""),
        "the form shows the target"
    );
    let lower = client
        .post(app.url("/dashboard/targets"))
        .form(&[("csrf", csrf.as_str()), ("csat", "60"), ("ttr", "6")])
        .send()
        .await
        .expect("post");
    assert_eq!(lower.status(), 303);
    let html = page(&client, &app, &path).await;
    assert!(tile(&html, "csat").contains("doel gehaald"));
    assert!(tile(&html, "ttr").contains("doel 6,0: doel gehaald"));
}

#[tokio::test]
async fn no_trend_is_claimed_without_data_and_the_chart_follows_the_period() {
    let app = TestApp::spawn().await;
    let client = logged_in(&app).await;
    let html = page(&client, &app, "/dashboard").await;
    let trends: Vec<&str> = html.split("data-trend>").skip(1).collect();
    assert_eq!(trends.len(), 3);
    for line in trends {
        let line = &line[..line.find("</li>").expect("end")];
        assert!(
            line.contains("n = 0") && line.contains("te weinig gegevens voor een trend"),
            "{line}"
        );
        assert!(!line.contains("stabiel"), "{line}");
    }

    let (app, _dir) = two_periods().await;
    let client = logged_in(&app).await;
    let html = page(&client, &app, "/dashboard?from=2025-01-01&to=2025-02-28").await;
    let start = html.find("id=\"trend-data\">").expect("chart data") + 16;
    let end = html[start..].find("</script>").expect("end") + start;
    let data: Value = serde_json::from_str(&html[start..end]).expect("json");
    // 1 January – 28 February by week: the weeks of 30 December … 24 February, nine of them.
    let x = data["x"].as_array().expect("x");
    assert_eq!(x.len(), 9, "{data}");
    assert_eq!(
        x[0], 1_735_513_200,
        "Monday 30 December 2024, 00:00 in Amsterdam"
    );
    // CSAT has answers in four of those weeks: too few to claim a direction.
    assert!(html.contains("CSAT (% tevreden)</strong> n = 10"), "{html}");
    let by_day = page(&client, &app, &format!("/dashboard?{PERIOD}")).await;
    let start = by_day.find("id=\"trend-data\">").expect("chart data") + 16;
    let end = by_day[start..].find("</script>").expect("end") + start;
    let data: Value = serde_json::from_str(&by_day[start..end]).expect("json");
    assert_eq!(
        data["x"].as_array().map(Vec::len),
        Some(28),
        "February by day"
    );
}

#[tokio::test]
async fn a_breakdown_exports_every_column_rounded_as_shown() {
    let (app, _dir) = crate::metrics::imported_app().await;
    let client = logged_in(&app).await;
    let period = "from=2025-01-01&to=2025-02-28";
    let html = page(&client, &app, &format!("/dashboard?{period}")).await;
    let links = html.replace("&#38;", "&");
    let link = format!("/dashboard/export?table=channel&{period}");
    assert!(links.contains(&format!("{link}\"")), "the table's CSV link");
    assert!(
        links.contains(&format!("{link}&sep=semicolon\"")),
        "the Dutch variant"
    );
    // Email: CSAT 5 and 2 (50 %), NPS 10 9 6 ((2 − 1) / 3 = 33.3), time to resolve 2, 4 and 24
    // hours (median 4), FCR: t1 and t3 resolved for good, t2 reopened (2 of 3), three cases.
    assert!(html.contains("50,0 % (n=2)") && html.contains("33,3 (n=3)"));
    let csv = client
        .get(app.url(&format!("/dashboard/export?table=channel&{period}")))
        .send()
        .await
        .expect("csv");
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let text = csv.text().await.expect("text");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "kanaal,CSAT,CSAT n,NPS,NPS n,\"Oplostijd (mediaan, uur)\",\"Oplostijd (mediaan, uur) n\",\
         Opgelost bij eerste contact,Opgelost bij eerste contact n,Zaken"
    );
    assert!(
        lines.contains(&"E-mail,50.0,2,33.3,3,4.0,3,66.7,3,3"),
        "{text}"
    );
    // Chat: CSAT 4 (100 %), NPS 7 (0), its one case not resolved.
    assert!(lines.contains(&"Chat,100.0,1,0.0,1,,,,,1"), "{text}");

    let dutch = client
        .get(app.url(&format!(
            "/dashboard/export?table=channel&{period}&sep=semicolon"
        )))
        .send()
        .await
        .expect("csv")
        .bytes()
        .await
        .expect("bytes");
    assert!(
        dutch.starts_with("\u{feff}".as_bytes()),
        "a byte order mark for Excel"
    );
    let text = String::from_utf8(dutch[3..].to_vec()).expect("utf-8");
    assert!(
        text.starts_with("kanaal;CSAT;CSAT n;NPS;NPS n;Oplostijd (mediaan, uur);"),
        "{text}"
    );
    assert!(
        text.contains("\nE-mail;50,0;2;33,3;3;4,0;3;66,7;3;3\n"),
        "{text}"
    );

    for bad in [
        "/dashboard/export?table=colour",
        "/dashboard/export?table=priority",
        "/dashboard/export?table=channel&sep=tab",
        "/dashboard/export?table=channel&from=2025-02-30",
        "/dashboard/export",
    ] {
        let response = client.get(app.url(bad)).send().await.expect("export");
        assert_eq!(response.status(), 400, "{bad}");
    }
}

#[tokio::test]
async fn a_drill_down_pages_past_200_rows_and_exports_them_all() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().expect("temp dir");
    // 250 CSAT answers, one every two hours from 1 February.
    let mut responses = String::from(
        "response_id,customer_id,survey_kind,score,channel,touchpoint,segment,agent_id,created_at\n",
    );
    for i in 0..250 {
        let at = chrono::NaiveDate::from_ymd_opt(2025, 2, 1)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap()
            + chrono::Duration::hours(2 * i);
        responses.push_str(&format!(
            "r{i},c{},csat,{},email,support,,,{}\n",
            i % 40,
            i % 5 + 1,
            at.format("%Y-%m-%d %H:%M:%S")
        ));
    }
    import_ok(
        &app,
        "survey-responses",
        &write(dir.path(), "r.csv", &responses),
    )
    .await;
    rows_when(&app, "/api/v1/metrics/csat", |rows| {
        rows.first().and_then(|r| r["n"].as_u64()) == Some(250)
    })
    .await;
    let client = logged_in(&app).await;
    let base = format!("/dashboard/drill?metric=csat&{PERIOD}");
    let first = page(&client, &app, &base).await;
    assert!(first.contains("n = 250"));
    assert_eq!(first.matches("<tr><td>").count(), 100);
    assert!(first.contains("1–100 van 250"), "{first}");
    assert!(
        first.contains("&#38;page=2\">Volgende"),
        "a link to the next page"
    );
    let third = page(&client, &app, &format!("{base}&page=3")).await;
    assert_eq!(third.matches("<tr><td>").count(), 50);
    assert!(third.contains("201–250 van 250") && !third.contains("Volgende"));
    // The oldest answer, 1 February 12:00 UTC, is 13:00 in Amsterdam.
    assert!(third.contains("01-02-2025 13:00"), "dates in Dutch");
    for bad in ["4", "0", "drie", "99999999999999999999999"] {
        let response = client
            .get(app.url(&format!("{base}&page={bad}")))
            .send()
            .await
            .expect("drill");
        assert_eq!(response.status(), 400, "page {bad}");
    }

    let csv = client
        .get(app.url(&format!("{base}&format=csv")))
        .send()
        .await
        .expect("csv")
        .text()
        .await
        .expect("text");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 251, "a header and every row");
    assert!(lines[0].starts_with("Aangemaakt,Score,"), "{}", lines[0]);
    assert_eq!(
        lines[250],
        "2025-02-01 13:00,1,,Customer c0,,email,support,"
    );
    let dutch = client
        .get(app.url(&format!("{base}&format=csv&sep=semicolon")))
        .send()
        .await
        .expect("csv")
        .text()
        .await
        .expect("text");
    assert!(dutch.starts_with('\u{feff}'));
    assert!(
        dutch
            .trim_end()
            .ends_with("01-02-2025 13:00;1;;Customer c0;;email;support;"),
        "{}",
        &dutch[dutch.len() - 80..]
    );
    assert_eq!(dutch.lines().count(), 251);
}

/// The `n` and drill-down link of every tile on the page.
fn tiles_with_links(html: &str) -> Vec<(String, String, u64)> {
    html.split("data-tile=\"")
        .skip(1)
        .map(|rest| {
            let key = rest[..rest.find('"').expect("key")].to_string();
            let href_at = rest.find("href=\"").expect("href") + 6;
            let href = rest[href_at..][..rest[href_at..].find('"').expect("end")]
                .replace("&#38;", "&")
                .replace("&amp;", "&");
            let n_at = rest.find("· n = ").expect("n") + "· n = ".len();
            let n: u64 = rest[n_at..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .expect("a count");
            (key, href, n)
        })
        .collect()
}

#[tokio::test]
async fn every_tile_opens_exactly_the_facts_it_counts() {
    let (app, _dir) = crate::metrics::imported_app().await;
    let client = logged_in(&app).await;
    let html = page(&client, &app, "/dashboard?from=2025-01-01&to=2025-02-28").await;
    let tiles = tiles_with_links(&html);
    assert_eq!(tiles.len(), 10);
    for (key, href, n) in &tiles {
        if ["service_level", "abandon_rate", "asa"].contains(&key.as_str()) {
            assert!(
                href.starts_with("/dashboard/drill?metric=availability&"),
                "{key} opens the calls and chats, not the callback list: {href}"
            );
        }
        let drill = page(&client, &app, href).await;
        assert!(
            drill.contains(&format!("data-drill-count>n = {n}<")),
            "{key}: the tile counts {n}, its drill-down {}",
            &drill[drill.find("data-drill-count").unwrap_or(0)..][..40]
        );
        assert_eq!(drill.matches("<tr><td>").count() as u64, *n, "{key}");
    }
    // The availability of the period: the one imported chat, not yet answered.
    let (_, availability, n) = &tiles[tiles.len() - 1];
    assert_eq!(*n, 1);
    let drill = page(&client, &app, availability).await;
    // Opened 8 January 12:00 UTC (13:00 in Amsterdam), answered a minute later.
    assert!(
        drill.contains("<tr><td>08-01-2025 13:00</td><td>chat</td><td>chat</td><td>beantwoord</td><td>1 min</td>"),
        "{drill}"
    );
}

#[tokio::test]
async fn the_demo_has_a_figure_on_every_tile() {
    let options = klantbeeld::demo::DemoOptions {
        customers: 200,
        days: 60,
        seed: 11,
    };
    let app = TestApp::spawn_prepared(|db| async move {
        klantbeeld::demo::populate(&db, &options)
            .await
            .expect("the demo");
    })
    .await;
    rows_when(&app, "/api/v1/metrics/ces", |rows| {
        rows.first().and_then(|r| r["n"].as_u64()).unwrap_or(0) > 0
    })
    .await;
    let client =
        crate::helpers::logged_in_as(&app, "admin@polderstroom.nl", "klantbeeld-demo").await;
    let html = page(&client, &app, "/dashboard").await;
    for (key, _, n) in tiles_with_links(&html) {
        let shown = tile(&html, &key);
        let value_at = shown.find("tile-value\">").expect("value") + 12;
        let value = &shown[value_at..][..shown[value_at..].find('<').expect("end")];
        assert!(
            n > 0 && value != "–",
            "the demo's {key} tile is empty: {shown}"
        );
    }
}
