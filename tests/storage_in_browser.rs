//! Autosave (`lastmile_app::storage`) against the real IndexedDB of headless Chromium, in the page's
//! main thread as the app uses it. Each test has a database of its own; records the storage layer
//! would never write (a newer schema, garbage, an older or newer database layout) are made with
//! the raw IndexedDB API from JavaScript, apart from the code under test.

#![cfg(target_arch = "wasm32")]

use lastmile_app::storage::{Saved, SavedRoute, Storage, StorageError};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A database no other test uses.
fn fresh(test: &str) -> Storage {
    Storage::new(format!("lastmile-test-{test}-{}-{}", js_sys::Date::now(), js_sys::Math::random()))
}

fn workspace(name: &str, saved_at: f64) -> Saved {
    Saved {
        name: name.into(),
        saved_at,
        file_name: format!("{name}.json"),
        text: format!("{{\"format\": \"lastmile-scenario\", \"name\": \"{name}\"}}"),
        routes: vec![
            SavedRoute { vehicle: "van-1".into(), stops: vec!["o3".into(), "o1".into()], reloads: Vec::new() },
            SavedRoute { vehicle: "bike-2".into(), stops: vec![], reloads: Vec::new() },
        ],
        locked: vec!["van-1".into()],
        time_limit_s: 2.5,
    }
}

/// Opens `database` with the raw IndexedDB API (at `version`, or at the version it has, running
/// the JavaScript `upgrade` with `db` if that upgrades it), runs the JavaScript `work` with `db`
/// and `run(stores, mode, fill)` (one transaction; resolves to the value of the request `fill`
/// returns, once committed), closes the database and returns what `work` resolved to.
async fn raw(database: &str, version: Option<u32>, upgrade: &str, work: &str) -> JsValue {
    let open = js_sys::Function::new_with_args(
        "name, version, upgrade, work",
        r#"
        return new Promise((resolve, reject) => {
            const request = version ? indexedDB.open(name, version) : indexedDB.open(name);
            request.onupgradeneeded = () => new Function('db', upgrade)(request.result);
            request.onerror = () => reject(request.error);
            request.onblocked = () => reject(new Error('blocked'));
            request.onsuccess = () => {
                const db = request.result;
                const run = (stores, mode, fill) => new Promise((done, fail) => {
                    const tx = db.transaction(stores, mode);
                    const last = fill(tx);
                    tx.oncomplete = () => done(last instanceof IDBRequest ? last.result : undefined);
                    tx.onabort = () => fail(tx.error);
                });
                Promise.resolve(new Function('db', 'run', work)(db, run)).then(
                    (value) => { db.close(); resolve(value); },
                    (error) => { db.close(); reject(error); });
            };
        });
        "#,
    );
    let args = js_sys::Array::of4(
        &database.into(),
        &version.map_or(JsValue::UNDEFINED, JsValue::from),
        &upgrade.into(),
        &work.into(),
    );
    let promise = open.apply(&JsValue::NULL, &args).expect("the raw helper runs");
    JsFuture::from(promise.unchecked_into::<js_sys::Promise>()).await.expect("the raw IndexedDB work succeeds")
}

fn names(saves: &[Saved]) -> Vec<&str> {
    saves.iter().map(|saved| saved.name.as_str()).collect()
}

#[wasm_bindgen_test]
async fn two_saves_load_newest_first_and_an_empty_database_loads_nothing() {
    let storage = fresh("two");
    let empty = storage.load_all().await.unwrap();
    assert!(empty.saves.is_empty() && empty.problems.is_empty() && empty.current.is_none());

    let monday = workspace("Monday", 1_700_000_000_000.0);
    let tuesday = workspace("Tuesday", 1_700_000_100_000.0);
    storage.save(&monday).await.unwrap();
    storage.save(&tuesday).await.unwrap();

    let loaded = storage.load_all().await.unwrap();
    assert_eq!(loaded.saves, vec![tuesday, monday], "newest first, every field as saved");
    assert!(loaded.problems.is_empty());
}

#[wasm_bindgen_test]
async fn saving_the_same_name_replaces_the_older_save() {
    let storage = fresh("overwrite");
    storage.save(&workspace("Depot north", 1.0)).await.unwrap();
    let mut newer = workspace("Depot north", 2.0);
    newer.routes = vec![SavedRoute { vehicle: "van-9".into(), stops: vec!["o7".into()], reloads: Vec::new() }];
    newer.locked.clear();
    storage.save(&newer).await.unwrap();

    assert_eq!(storage.load_all().await.unwrap().saves, vec![newer]);
}

#[wasm_bindgen_test]
async fn rename_moves_the_save_and_the_current_marker_and_refuses_clashes() {
    let storage = fresh("rename");
    storage.save(&workspace("draft", 1.0)).await.unwrap();
    storage.save(&workspace("Friday", 2.0)).await.unwrap();
    storage.set_current("draft").await.unwrap();

    storage.rename("draft", "Thursday").await.unwrap();
    let loaded = storage.load_all().await.unwrap();
    assert_eq!(names(&loaded.saves), ["Friday", "Thursday"]);
    let thursday = loaded.saves.iter().find(|saved| saved.name == "Thursday").unwrap();
    assert_eq!(thursday.file_name, "draft.json", "only the name changed");
    assert_eq!(loaded.current.as_deref(), Some("Thursday"), "the current marker follows the save");

    assert_eq!(storage.rename("Thursday", "Friday").await, Err(StorageError::NameTaken("Friday".into())));
    assert_eq!(storage.rename("draft", "Saturday").await, Err(StorageError::NotFound("draft".into())));
    storage.rename("Friday", "Friday").await.unwrap();
    assert_eq!(names(&storage.load_all().await.unwrap().saves), ["Friday", "Thursday"], "nothing else changed");
}

#[wasm_bindgen_test]
async fn delete_forgets_the_save_and_the_current_marker_that_named_it() {
    let storage = fresh("delete");
    storage.save(&workspace("keep", 1.0)).await.unwrap();
    storage.save(&workspace("drop", 2.0)).await.unwrap();
    storage.set_current("drop").await.unwrap();

    storage.delete("drop").await.unwrap();
    storage.delete("never saved").await.unwrap();
    let loaded = storage.load_all().await.unwrap();
    assert_eq!(names(&loaded.saves), ["keep"]);
    assert_eq!(loaded.current, None);

    storage.set_current("keep").await.unwrap();
    storage.delete("other").await.unwrap();
    assert_eq!(storage.current().await.unwrap().as_deref(), Some("keep"), "deleting another save keeps it");
}

#[wasm_bindgen_test]
async fn the_current_marker_round_trips() {
    let storage = fresh("current");
    assert_eq!(storage.current().await.unwrap(), None);
    storage.set_current("Monday").await.unwrap();
    assert_eq!(storage.current().await.unwrap().as_deref(), Some("Monday"));
    storage.set_current("Tuesday").await.unwrap();
    assert_eq!(storage.current().await.unwrap().as_deref(), Some("Tuesday"));
    assert_eq!(storage.load_all().await.unwrap().current.as_deref(), Some("Tuesday"));
}

#[wasm_bindgen_test]
async fn a_five_megabyte_scenario_round_trips() {
    let storage = fresh("large");
    let line = "o17,\"Rue de l'Église 3, Zürich\",47.3769,8.5417,08:00-12:00\t\u{1F69A}\n";
    let mut big = workspace("big day", 3.0);
    big.text = line.repeat(5 * 1024 * 1024 / line.len() + 1);
    assert!(big.text.len() >= 5 * 1024 * 1024);
    storage.save(&big).await.unwrap();

    let loaded = storage.load_all().await.unwrap();
    assert_eq!(loaded.saves.len(), 1);
    assert!(loaded.saves[0] == big, "the text comes back byte for byte");
}

#[wasm_bindgen_test]
async fn unreadable_records_are_reported_once_and_set_aside_while_good_saves_load() {
    let storage = fresh("corrupt");
    storage.save(&workspace("good one", 1.0)).await.unwrap();
    storage.save(&workspace("good two", 2.0)).await.unwrap();
    raw(
        storage.database(),
        None,
        "",
        r#"return run(['saves'], 'readwrite', (tx) => {
            const saves = tx.objectStore('saves');
            saves.put({ schema: 99, data: '{"name": "from the future"}' }, 'from the future');
            saves.put({ schema: 1, data: '{"name": "garbage", "saved_at": ' }, 'garbage');
        });"#,
    )
    .await;

    let first = storage.load_all().await.unwrap();
    assert_eq!(names(&first.saves), ["good two", "good one"]);
    assert_eq!(first.problems.len(), 2, "{:?}", first.problems);
    assert!(first
        .problems
        .iter()
        .any(|p| p.starts_with("The save \"from the future\" was written by a newer version")));
    assert!(first.problems.iter().any(|p| p.starts_with("The save \"garbage\" could not be read")));

    let second = storage.load_all().await.unwrap();
    assert_eq!(names(&second.saves), ["good two", "good one"]);
    assert_eq!(second.problems, Vec::<String>::new(), "reported once");

    let set_aside = raw(
        storage.database(),
        None,
        "",
        r#"return run(['quarantine'], 'readonly', (tx) => tx.objectStore('quarantine').getAll())
            .then((records) => records.map((r) => `${r.name}|${r.record.schema}|${typeof r.problem}`).sort().join(';'));"#,
    )
    .await;
    assert_eq!(set_aside.as_string().unwrap(), "from the future|99|string;garbage|1|string", "kept, not deleted");
}

#[wasm_bindgen_test]
async fn a_database_of_an_older_layout_is_upgraded_in_place() {
    let storage = fresh("older");
    let old = workspace("from before", 5.0);
    let record = serde_json::to_string(&serde_json::to_string(&old).unwrap()).unwrap();
    raw(
        storage.database(),
        Some(1),
        "db.createObjectStore('saves');",
        &format!(
            "return run(['saves'], 'readwrite', (tx) => {{ tx.objectStore('saves').put({{ schema: 1, data: {record} }}, 'from before'); }});"
        ),
    )
    .await;

    let loaded = storage.load_all().await.unwrap();
    assert_eq!(loaded.saves, vec![old]);
    storage.set_current("from before").await.unwrap();
    assert_eq!(storage.current().await.unwrap().as_deref(), Some("from before"));
    let layout =
        raw(storage.database(), None, "", "return `${db.version}:${[...db.objectStoreNames].sort().join(',')}`;").await;
    assert_eq!(layout.as_string().unwrap(), "2:meta,quarantine,saves");
}

#[wasm_bindgen_test]
async fn a_database_a_newer_version_upgraded_is_still_used() {
    let storage = fresh("newer");
    raw(
        storage.database(),
        Some(7),
        "db.createObjectStore('saves'); db.createObjectStore('meta'); \
         db.createObjectStore('quarantine', { autoIncrement: true });",
        "",
    )
    .await;

    let saved = workspace("later", 9.0);
    storage.save(&saved).await.unwrap();
    assert_eq!(storage.load_all().await.unwrap().saves, vec![saved]);
    let version = raw(storage.database(), None, "", "return db.version;").await;
    assert_eq!(version.as_f64(), Some(7.0), "left at its version");
}

#[wasm_bindgen_test]
fn a_quota_error_is_full_and_every_error_reads_as_a_sentence() {
    let quota = web_sys::DomException::new_with_message_and_name("no room", "QuotaExceededError").unwrap();
    assert_eq!(StorageError::from(quota), StorageError::Full);
    let other = web_sys::DomException::new_with_message_and_name("broken", "UnknownError").unwrap();
    assert_eq!(StorageError::from(other), StorageError::Failed("UnknownError: broken".into()));
    assert_eq!(StorageError::NameTaken("Monday".into()).to_string(), "A save named \"Monday\" exists already.");
    assert!(StorageError::Full.to_string().contains("full"));
}

/// Puts `window.indexedDB` back as it was when dropped.
struct FakeIndexedDb(JsValue);

impl FakeIndexedDb {
    /// Makes `window.indexedDB` the JavaScript getter `get` (tests run one at a time, so no other
    /// test sees it).
    fn install(get: &str) -> Self {
        let install = js_sys::Function::new_with_args(
            "get",
            "const original = Object.getOwnPropertyDescriptor(window, 'indexedDB');
             Object.defineProperty(window, 'indexedDB', { configurable: true, get: new Function(get) });
             return () => original ? Object.defineProperty(window, 'indexedDB', original) : delete window.indexedDB;",
        );
        FakeIndexedDb(install.call1(&JsValue::NULL, &get.into()).expect("window.indexedDB can be replaced"))
    }
}

impl Drop for FakeIndexedDb {
    fn drop(&mut self) {
        let restore: &js_sys::Function = self.0.unchecked_ref();
        restore.call0(&JsValue::NULL).expect("window.indexedDB is restored");
    }
}

#[wasm_bindgen_test]
async fn a_browser_that_refuses_storage_is_unavailable_with_a_reason_not_a_crash() {
    let storage = fresh("refused");
    {
        let _denied =
            FakeIndexedDb::install("throw new DOMException('Access is denied for this document.', 'SecurityError');");
        let Err(StorageError::Unavailable(why)) = storage.load_all().await else { panic!("expected Unavailable") };
        assert!(why.contains("your work is not saved") && why.contains("SecurityError"), "{why}");
    }
    {
        let _missing = FakeIndexedDb::install("return undefined;");
        assert!(matches!(storage.save(&workspace("x", 1.0)).await, Err(StorageError::Unavailable(_))));
    }
    {
        let _read_only = FakeIndexedDb::install(
            "return { open() { throw new DOMException('A mutation operation was attempted on a database that \
             did not allow mutations.', 'InvalidStateError'); } };",
        );
        let Err(StorageError::Unavailable(why)) = storage.current().await else { panic!("expected Unavailable") };
        assert!(why.contains("InvalidStateError"), "{why}");
    }
    storage.save(&workspace("after", 1.0)).await.expect("the real IndexedDB is back");
}

#[wasm_bindgen_test]
async fn an_upgrade_blocked_by_another_tab_is_unavailable_then_recovers() {
    let storage = fresh("blocked");
    // "Another tab": an old-layout database held open, deaf to requests to close it.
    let open = js_sys::Function::new_with_args(
        "name",
        "return new Promise((resolve, reject) => {
             const request = indexedDB.open(name, 1);
             request.onupgradeneeded = () => request.result.createObjectStore('saves');
             request.onsuccess = () => resolve(request.result);
             request.onerror = () => reject(request.error);
         });",
    );
    let promise = open.call1(&JsValue::NULL, &storage.database().into()).unwrap();
    let other_tab = JsFuture::from(promise.unchecked_into::<js_sys::Promise>()).await.unwrap();

    let Err(StorageError::Unavailable(why)) = storage.load_all().await else { panic!("expected Unavailable") };
    assert!(why.contains("Another Lastmile tab"), "{why}");

    other_tab.unchecked_ref::<web_sys::IdbDatabase>().close();
    let saved = workspace("after the other tab closed", 4.0);
    storage.save(&saved).await.expect("the upgrade went through once the other tab let go");
    assert_eq!(storage.load_all().await.unwrap().saves, vec![saved]);
}
