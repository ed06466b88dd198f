//! Autosave: the user's workspaces kept in the browser (IndexedDB), so a reload restores exactly
//! where the user was.
//!
//! # Using it
//!
//! ```ignore
//! use lastmile_app::storage::{self, Saved, StorageError};
//!
//! // On start: restore the save the user was on, and say what could not be restored.
//! match storage::load_all().await {
//!     Ok(loaded) => {
//!         let restore = loaded.current.as_deref().and_then(|name| loaded.saves.iter().find(|s| s.name == name));
//!         for problem in &loaded.problems { /* show it: "The save "Monday" was written by … set aside." */ }
//!     }
//!     Err(error) => { /* show "not saved: {error}" and keep working without saving */ }
//! }
//! // After every change the user should not lose (debounced):
//! storage::save(&saved).await?;
//! storage::set_current(&saved.name).await?;
//! ```
//!
//! Every function opens the database, does its work in one transaction, waits until the browser
//! has committed it, and closes the database again. [`Storage::new`] names another database
//! (tests use one each); the free functions use [`Storage::default`] (`"lastmile"`).
//!
//! | call | does |
//! | --- | --- |
//! | [`save`] | writes a [`Saved`] under its `name`, replacing an older save of that name |
//! | [`load_all`] | every save, newest first, plus which one is current and what could not be read |
//! | [`delete`] | forgets a save (nothing happens if there is none); clears the current marker if it named it |
//! | [`rename`] | moves a save to a new name (which must be free), and the current marker with it |
//! | [`set_current`] / [`current`] | which save a reload restores |
//!
//! # Errors
//!
//! [`StorageError`]'s `Display` is a sentence for the user. [`StorageError::Unavailable`] means
//! nothing can be saved in this browser session (IndexedDB missing or refused, as in some private
//! modes or with site data blocked; another tab holding an older database open; called from a
//! worker): keep working and say "not saved". [`StorageError::Full`] is the browser's
//! `QuotaExceededError`.
//!
//! # Schema
//!
//! Database `lastmile`, version [`DATABASE_VERSION`], three object stores with out-of-line keys:
//!
//! - `saves`: key = the save's name, value = `{ schema: 1, data: "<Saved as JSON>" }`.
//! - `quarantine` (auto-increment keys): records `load_all` could not read, as
//!   `{ name, problem, at: <ms since epoch>, record: <the record as it was> }`. A record of a newer
//!   schema (written by a newer Lastmile) or with unreadable data is moved there and reported in
//!   [`Loaded::problems`] once, never deleted silently and never an error for the whole load.
//! - `meta`: key `"current"` = the name of the save to restore on reload.
//!
//! Opening creates whichever store is missing (`onupgradeneeded`), so a database of an older
//! layout is upgraded in place; a database a newer Lastmile upgraded past our version is used
//! as it is when it still has the three stores. A new schema adds a `match` arm in `decode`
//! that converts the old record.
//!
//! # Why no `await` inside a transaction
//!
//! IndexedDB commits a transaction as soon as control returns to the event loop with no request
//! pending. With threads (`+atomics`), wasm-bindgen-futures resumes an `async` fn through
//! `Atomics.waitAsync`, i.e. in a later task, after that commit. So each operation issues all its
//! requests at once, places requests that depend on a read from that read's success handler
//! (which runs while the transaction is active), and only then awaits the transaction's
//! `complete` or `abort`. Crates whose API awaits each request (`indexed_db_futures`, `rexie`)
//! invite exactly the pattern that fails here, which is why this module talks to `web-sys`.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use js_sys::{Array, Object, Reflect};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use web_sys::{
    DomException, Event, IdbDatabase, IdbFactory, IdbObjectStore, IdbObjectStoreParameters, IdbRequest,
    IdbRequestReadyState, IdbTransaction, IdbTransactionMode,
};

/// The version of the saved record format this build writes (`schema` in every record).
pub const SCHEMA: u32 = 1;

/// The IndexedDB database version this build opens (its object stores, not the records).
pub const DATABASE_VERSION: u32 = 1;

const SAVES: &str = "saves";
const QUARANTINE: &str = "quarantine";
const META: &str = "meta";
const CURRENT: &str = "current";

/// One saved workspace.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    /// User-visible and unique: the key the save is stored under.
    pub name: String,
    /// When it was saved, in ms since the epoch (`js_sys::Date::now()`).
    pub saved_at: f64,
    /// The scenario's source file name.
    pub file_name: String,
    /// The scenario's source text (may be several MB).
    pub text: String,
    /// The current plan, by ids.
    pub routes: Vec<SavedRoute>,
    /// Ids of the vehicles whose routes are locked.
    pub locked: Vec<String>,
    pub time_limit_s: f64,
}

/// One route of a saved plan: the vehicle's id and its stops' order ids, in visiting order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedRoute {
    pub vehicle: String,
    pub stops: Vec<String>,
    /// Its reloads between trips (none in plans saved before trips existed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reloads: Vec<crate::protocol::ReloadAt>,
}

/// What [`load_all`] found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Loaded {
    /// Every readable save, newest (`saved_at`) first.
    pub saves: Vec<Saved>,
    /// The save to restore on reload ([`set_current`]), if one was set. It may name a save that
    /// is not in `saves` (if that one could not be read).
    pub current: Option<String>,
    /// One sentence per record that could not be read and was moved to the `quarantine` store;
    /// each is reported once.
    pub problems: Vec<String>,
}

/// Why saving or loading failed. `Display` is a sentence for the user.
#[derive(Clone, Debug, PartialEq)]
pub enum StorageError {
    /// Nothing can be saved in this browser session; the sentence says why.
    Unavailable(String),
    /// The browser's storage for this site is full (`QuotaExceededError`).
    Full,
    /// No save has this name.
    NotFound(String),
    /// A save with this name exists already.
    NameTaken(String),
    /// Anything else the browser reported.
    Failed(String),
}

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StorageError::Unavailable(why) => f.write_str(why),
            StorageError::Full => {
                f.write_str("The browser's storage for this site is full: delete old saves or free some disk space.")
            }
            StorageError::NotFound(name) => write!(f, "There is no save named \"{name}\"."),
            StorageError::NameTaken(name) => write!(f, "A save named \"{name}\" exists already."),
            StorageError::Failed(what) => write!(f, "The browser could not save or read the workspace: {what}."),
        }
    }
}

impl std::error::Error for StorageError {}

impl From<DomException> for StorageError {
    /// `QuotaExceededError` is [`StorageError::Full`]; anything else is
    /// [`StorageError::Failed`] with the exception's name and message.
    fn from(exception: DomException) -> Self {
        match exception.name().as_str() {
            "QuotaExceededError" => StorageError::Full,
            name => StorageError::Failed(format!("{name}: {}", exception.message())),
        }
    }
}

impl From<JsValue> for StorageError {
    fn from(value: JsValue) -> Self {
        match value.dyn_into::<DomException>() {
            Ok(exception) => exception.into(),
            Err(value) => StorageError::Failed(describe(&value)),
        }
    }
}

/// A database of saved workspaces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Storage {
    database: String,
}

impl Default for Storage {
    /// The app's database, `"lastmile"`.
    fn default() -> Self {
        Storage::new("lastmile")
    }
}

/// [`Storage::save`] on the app's database.
pub async fn save(saved: &Saved) -> Result<(), StorageError> {
    Storage::default().save(saved).await
}

/// [`Storage::load_all`] on the app's database.
pub async fn load_all() -> Result<Loaded, StorageError> {
    Storage::default().load_all().await
}

/// [`Storage::delete`] on the app's database.
pub async fn delete(name: &str) -> Result<(), StorageError> {
    Storage::default().delete(name).await
}

/// [`Storage::rename`] on the app's database.
pub async fn rename(from: &str, to: &str) -> Result<(), StorageError> {
    Storage::default().rename(from, to).await
}

/// [`Storage::set_current`] on the app's database.
pub async fn set_current(name: &str) -> Result<(), StorageError> {
    Storage::default().set_current(name).await
}

/// [`Storage::current`] on the app's database.
pub async fn current() -> Result<Option<String>, StorageError> {
    Storage::default().current().await
}

impl Storage {
    /// The IndexedDB database called `database` (created on first use).
    pub fn new(database: impl Into<String>) -> Self {
        Storage { database: database.into() }
    }

    /// The database's name.
    pub fn database(&self) -> &str {
        &self.database
    }

    /// Writes `saved` under its name, replacing any save of that name; returns once the browser
    /// has committed it.
    pub async fn save(&self, saved: &Saved) -> Result<(), StorageError> {
        let record = encode(saved)?;
        let connection = self.open().await?;
        transact(&connection.db, &[SAVES], IdbTransactionMode::Readwrite, |tx| {
            tx.store(SAVES)?.put_with_key(&record, &JsValue::from_str(&saved.name))?;
            Ok(())
        })
        .await
    }

    /// Every readable save (newest first), the current marker, and a sentence for each record that
    /// could not be read. Unreadable records are moved to the `quarantine` store so they are
    /// reported once; if even that fails, the load still succeeds and says so in `problems`.
    pub async fn load_all(&self) -> Result<Loaded, StorageError> {
        let connection = self.open().await?;
        let requests = Rc::new(RefCell::new(Vec::new()));
        let issued = requests.clone();
        transact(&connection.db, &[SAVES, META], IdbTransactionMode::Readonly, move |tx| {
            let saves = tx.store(SAVES)?;
            issued.borrow_mut().extend([
                saves.get_all_keys()?,
                saves.get_all()?,
                tx.store(META)?.get(&CURRENT.into())?,
            ]);
            Ok(())
        })
        .await?;
        let [keys, values, current] = <[IdbRequest; 3]>::try_from(requests.take())
            .map_err(|_| StorageError::Failed("the read was incomplete".into()))?;
        let keys = Array::from(&keys.result()?);
        let values = Array::from(&values.result()?);

        let mut loaded = Loaded { current: current.result()?.as_string(), ..Loaded::default() };
        let mut bad = Vec::new();
        for (key, value) in keys.iter().zip(values.iter()) {
            match decode(&key, &value) {
                Ok(saved) => loaded.saves.push(saved),
                Err(what) => {
                    let problem = set_aside(&key, &what);
                    bad.push((key, problem));
                }
            }
        }
        loaded.saves.sort_by(|a, b| b.saved_at.total_cmp(&a.saved_at).then_with(|| a.name.cmp(&b.name)));
        if !bad.is_empty() {
            let names: Vec<String> = bad.iter().map(|(key, _)| key_name(key)).collect();
            loaded.problems = bad.iter().map(|(_, problem)| problem.clone()).collect();
            if let Err(error) = quarantine(&connection.db, bad).await {
                loaded.problems.push(format!(
                    "The unreadable saves ({}) could not be set aside and will be reported again: {error}",
                    names.join(", ")
                ));
            }
        }
        Ok(loaded)
    }

    /// Forgets the save called `name` (fine if there is none), and the current marker if it named
    /// that save.
    pub async fn delete(&self, name: &str) -> Result<(), StorageError> {
        let connection = self.open().await?;
        let name = name.to_string();
        transact(&connection.db, &[SAVES, META], IdbTransactionMode::Readwrite, move |tx| {
            tx.store(SAVES)?.delete(&JsValue::from_str(&name))?;
            let current = tx.store(META)?.get(&CURRENT.into())?;
            let request = current.clone();
            tx.on_success(&current, move |tx| {
                if request.result()?.as_string().as_deref() == Some(name.as_str()) {
                    tx.store(META)?.delete(&CURRENT.into())?;
                }
                Ok(())
            });
            Ok(())
        })
        .await
    }

    /// Moves the save `from` to the name `to` (its `name` field too), and the current marker with
    /// it. [`StorageError::NotFound`] if there is no `from`, [`StorageError::NameTaken`] if `to`
    /// is another save's name; nothing changes then.
    pub async fn rename(&self, from: &str, to: &str) -> Result<(), StorageError> {
        let connection = self.open().await?;
        let (from, to) = (from.to_string(), to.to_string());
        transact(&connection.db, &[SAVES, META], IdbTransactionMode::Readwrite, move |tx| {
            let saves = tx.store(SAVES)?;
            let record = saves.get(&JsValue::from_str(&from))?;
            let taken = saves.count_with_key(&JsValue::from_str(&to))?;
            let current = tx.store(META)?.get(&CURRENT.into())?;
            // Requests complete in the order they were placed: when `current` is done, all are.
            tx.on_success(&current.clone(), move |tx| {
                let old = record.result()?;
                if old.is_undefined() {
                    return Err(StorageError::NotFound(from));
                }
                if from == to {
                    return Ok(());
                }
                if taken.result()?.as_f64().unwrap_or(0.0) > 0.0 {
                    return Err(StorageError::NameTaken(to));
                }
                let mut saved = decode(&JsValue::from_str(&from), &old).map_err(|what| {
                    StorageError::Failed(format!("the save \"{from}\" {what}, so it cannot be renamed"))
                })?;
                saved.name = to.clone();
                let saves = tx.store(SAVES)?;
                saves.put_with_key(&encode(&saved)?, &JsValue::from_str(&to))?;
                saves.delete(&JsValue::from_str(&from))?;
                if current.result()?.as_string().as_deref() == Some(from.as_str()) {
                    tx.store(META)?.put_with_key(&JsValue::from_str(&to), &CURRENT.into())?;
                }
                Ok(())
            });
            Ok(())
        })
        .await
    }

    /// Marks `name` as the save to restore on reload (it need not exist yet).
    pub async fn set_current(&self, name: &str) -> Result<(), StorageError> {
        let connection = self.open().await?;
        transact(&connection.db, &[META], IdbTransactionMode::Readwrite, |tx| {
            tx.store(META)?.put_with_key(&JsValue::from_str(name), &CURRENT.into())?;
            Ok(())
        })
        .await
    }

    /// The save to restore on reload, if [`Storage::set_current`] named one.
    pub async fn current(&self) -> Result<Option<String>, StorageError> {
        let connection = self.open().await?;
        let request = Rc::new(RefCell::new(None));
        let issued = request.clone();
        transact(&connection.db, &[META], IdbTransactionMode::Readonly, move |tx| {
            *issued.borrow_mut() = Some(tx.store(META)?.get(&CURRENT.into())?);
            Ok(())
        })
        .await?;
        let request = request.take().ok_or_else(|| StorageError::Failed("the read was incomplete".into()))?;
        Ok(request.result()?.as_string())
    }

    /// Opens the database, creating missing object stores (at a higher version if the database
    /// is already at ours or past it).
    async fn open(&self) -> Result<Connection, StorageError> {
        let factory = factory()?;
        let mut connection = match open_at(&factory, &self.database, Some(DATABASE_VERSION)).await? {
            Some(connection) => connection,
            // A newer Lastmile upgraded the database past our version: use it as it is.
            None => open_at(&factory, &self.database, None).await?.ok_or_else(refused_version)?,
        };
        if !has_every_store(&connection.db) {
            let version = connection.db.version() as u32 + 1;
            drop(connection);
            connection = open_at(&factory, &self.database, Some(version)).await?.ok_or_else(refused_version)?;
        }
        Ok(connection)
    }
}

/// The page's IndexedDB, or why there is none.
fn factory() -> Result<IdbFactory, StorageError> {
    let Some(window) = web_sys::window() else {
        return Err(StorageError::Unavailable(
            "Workspaces are saved from the page only, not from a worker, so this work is not saved.".into(),
        ));
    };
    match window.indexed_db() {
        Ok(Some(factory)) => Ok(factory),
        Ok(None) => Err(StorageError::Unavailable(
            "This browser cannot store data for pages (no IndexedDB), so your work is not saved.".into(),
        )),
        Err(error) => Err(StorageError::Unavailable(format!(
            "This browser does not let Lastmile store data (private browsing or blocked site data?), so your work \
             is not saved ({}).",
            describe(&error)
        ))),
    }
}

fn refused_version() -> StorageError {
    StorageError::Unavailable(
        "The saved workspaces belong to a newer version of Lastmile that this one cannot open, so your work is \
         not saved."
            .into(),
    )
}

fn has_every_store(db: &IdbDatabase) -> bool {
    let names = db.object_store_names();
    [SAVES, QUARANTINE, META].iter().all(|store| names.contains(store))
}

/// Creates whichever store is missing; runs inside `onupgradeneeded`.
fn create_missing_stores(db: &IdbDatabase) -> Result<(), JsValue> {
    let names = db.object_store_names();
    for store in [SAVES, META] {
        if !names.contains(store) {
            db.create_object_store(store)?;
        }
    }
    if !names.contains(QUARANTINE) {
        let parameters = IdbObjectStoreParameters::new();
        parameters.set_auto_increment(true);
        db.create_object_store_with_optional_parameters(QUARANTINE, &parameters)?;
    }
    Ok(())
}

/// An open database, closed when dropped (and closed at once if another tab wants to upgrade it).
struct Connection {
    db: IdbDatabase,
    _on_version_change: Handler,
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.db.set_onversionchange(None);
        self.db.close();
    }
}

/// Opens `name` at `version` (or at whatever version it has). `Ok(None)`: the database exists at a
/// higher version than asked for.
async fn open_at(factory: &IdbFactory, name: &str, version: Option<u32>) -> Result<Option<Connection>, StorageError> {
    let request = match version {
        Some(version) => factory.open_with_u32(name, version),
        None => factory.open(name),
    }
    .map_err(|error| refused(&error))?;
    let slot = Slot::new();
    let mut handlers: Vec<Handler> = Vec::new();

    let on_upgrade = {
        let request = request.clone();
        handler(move |_: Event| {
            if let Ok(db) = request.result() {
                // A failure aborts the upgrade, and the open request then fails with it.
                let _ = create_missing_stores(db.unchecked_ref());
            }
        })
    };
    request.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
    handlers.push(on_upgrade);

    let on_success = {
        let (request, slot) = (request.clone(), slot.clone());
        handler(move |_: Event| {
            let Ok(db) = request.result().map(JsCast::unchecked_into::<IdbDatabase>) else {
                return;
            };
            if !slot.fill(Ok(Some(db.clone()))) {
                // We stopped waiting (blocked): nobody will use this connection.
                db.close();
            }
        })
    };
    request.set_onsuccess(Some(on_success.as_ref().unchecked_ref()));
    handlers.push(on_success);

    let on_error = {
        let (request, slot) = (request.clone(), slot.clone());
        handler(move |event: Event| {
            let error = request.error().ok().flatten();
            if error.as_ref().is_some_and(|e| e.name() == "VersionError") {
                event.prevent_default();
                slot.fill(Ok(None));
            } else {
                slot.fill(Err(error.map_or_else(|| refused(&JsValue::UNDEFINED), |e| refused(&e))));
            }
        })
    };
    request.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    handlers.push(on_error);

    let on_blocked = {
        let slot = slot.clone();
        handler(move |_: Event| {
            slot.fill(Err(StorageError::Unavailable(
                "Another Lastmile tab is holding the saved workspaces open: close it and reload, or your work is \
                 not saved."
                    .into(),
            )));
        })
    };
    request.set_onblocked(Some(on_blocked.as_ref().unchecked_ref()));
    handlers.push(on_blocked);

    let opened = slot.await;
    if request.ready_state() == IdbRequestReadyState::Pending {
        // Blocked: the request may still succeed later, and its handlers (which close that
        // connection) must outlive this call.
        handlers.into_iter().for_each(Closure::forget);
    }
    Ok(opened?.map(|db| {
        let closing = db.clone();
        let on_version_change = handler(move |_: Event| closing.close());
        db.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
        Connection { db, _on_version_change: on_version_change }
    }))
}

/// An error opening the database: the quota, or the browser refusing storage altogether.
fn refused(error: &JsValue) -> StorageError {
    match error.dyn_ref::<DomException>() {
        Some(exception) if exception.name() == "QuotaExceededError" => StorageError::Full,
        _ => StorageError::Unavailable(format!(
            "The browser refused to open Lastmile's saved workspaces ({}), so your work is not saved.",
            describe(error)
        )),
    }
}

/// A Rust function that IndexedDB calls on an event.
type Handler = Closure<dyn FnMut(Event)>;

fn handler(on_event: impl FnMut(Event) + 'static) -> Handler {
    Closure::new(on_event)
}

/// One transaction in progress, as its request handlers see it.
#[derive(Clone)]
struct Tx(Rc<TxInner>);

struct TxInner {
    tx: IdbTransaction,
    handlers: RefCell<Vec<Handler>>,
    failure: RefCell<Option<StorageError>>,
}

impl Tx {
    fn store(&self, name: &str) -> Result<IdbObjectStore, StorageError> {
        Ok(self.0.tx.object_store(name)?)
    }

    /// Runs `then` when `request` succeeds, while the transaction is still active (so it may place
    /// more requests). An error from `then` aborts the transaction and becomes its result.
    fn on_success(&self, request: &IdbRequest, then: impl FnOnce(&Tx) -> Result<(), StorageError> + 'static) {
        let tx = self.clone();
        let mut then = Some(then);
        let on_success = handler(move |_: Event| {
            if let Some(then) = then.take() {
                if let Err(error) = then(&tx) {
                    tx.fail(error);
                }
            }
        });
        request.set_onsuccess(Some(on_success.as_ref().unchecked_ref()));
        self.0.handlers.borrow_mut().push(on_success);
    }

    /// Aborts the transaction with `error` as its result (the first failure wins).
    fn fail(&self, error: StorageError) {
        self.0.failure.borrow_mut().get_or_insert(error);
        let _ = self.0.tx.abort();
    }
}

/// Runs one transaction over `stores`: `issue` places its requests (handlers may place more), and
/// the result comes once the browser has committed it or given up on it.
async fn transact(
    db: &IdbDatabase,
    stores: &[&str],
    mode: IdbTransactionMode,
    issue: impl FnOnce(&Tx) -> Result<(), StorageError>,
) -> Result<(), StorageError> {
    let names: Array = stores.iter().map(|store| JsValue::from_str(store)).collect();
    let tx = Tx(Rc::new(TxInner {
        tx: db.transaction_with_str_sequence_and_mode(&names, mode)?,
        handlers: RefCell::new(Vec::new()),
        failure: RefCell::new(None),
    }));
    let slot = Slot::new();
    let on_complete = {
        let slot = slot.clone();
        handler(move |_: Event| {
            slot.fill(Ok(()));
        })
    };
    let on_abort = {
        let (slot, tx) = (slot.clone(), Rc::downgrade(&tx.0));
        handler(move |_: Event| {
            let error = tx.upgrade().and_then(|tx| {
                let ours = tx.failure.borrow_mut().take();
                ours.or_else(|| tx.tx.error().map(StorageError::from))
            });
            slot.fill(Err(error.unwrap_or_else(|| StorageError::Failed("the browser cancelled the change".into()))));
        })
    };
    tx.0.tx.set_oncomplete(Some(on_complete.as_ref().unchecked_ref()));
    tx.0.tx.set_onabort(Some(on_abort.as_ref().unchecked_ref()));
    tx.0.handlers.borrow_mut().extend([on_complete, on_abort]);

    if let Err(error) = issue(&tx) {
        tx.fail(error);
    }
    let result = slot.await;
    // No event fires after `complete` or `abort`; dropping the handlers also breaks the cycle
    // `Tx` → handler → `Tx`.
    tx.0.tx.set_oncomplete(None);
    tx.0.tx.set_onabort(None);
    tx.0.handlers.borrow_mut().clear();
    result
}

/// Moves each unreadable record to the quarantine store, if it is still the one that was read (a
/// save from another tab may have replaced it meanwhile).
async fn quarantine(db: &IdbDatabase, bad: Vec<(JsValue, String)>) -> Result<(), StorageError> {
    transact(db, &[SAVES, QUARANTINE], IdbTransactionMode::Readwrite, move |tx| {
        for (key, problem) in bad {
            let request = tx.store(SAVES)?.get(&key)?;
            let read = request.clone();
            tx.on_success(&request, move |tx| {
                let record = read.result()?;
                if record.is_undefined() || decode(&key, &record).is_ok() {
                    return Ok(());
                }
                let entry = Object::new();
                Reflect::set(&entry, &"name".into(), &key)?;
                Reflect::set(&entry, &"problem".into(), &problem.into())?;
                Reflect::set(&entry, &"at".into(), &js_sys::Date::now().into())?;
                Reflect::set(&entry, &"record".into(), &record)?;
                tx.store(QUARANTINE)?.add(&entry)?;
                tx.store(SAVES)?.delete(&key)?;
                Ok(())
            });
        }
        Ok(())
    })
    .await
}

/// The stored record of `saved`: `{ schema: 1, data: "<JSON>" }`.
fn encode(saved: &Saved) -> Result<JsValue, StorageError> {
    let data = serde_json::to_string(saved).map_err(|e| StorageError::Failed(e.to_string()))?;
    let record = Object::new();
    Reflect::set(&record, &"schema".into(), &SCHEMA.into())?;
    Reflect::set(&record, &"data".into(), &data.into())?;
    Ok(record.into())
}

/// The save in a stored record, or what is wrong with it ("was written by a newer version…").
/// Older schemas, once there are any, are converted here.
fn decode(key: &JsValue, record: &JsValue) -> Result<Saved, String> {
    let Some(key) = key.as_string() else {
        return Err("has a key that is not a name".into());
    };
    match Reflect::get(record, &"schema".into()).ok().and_then(|schema| schema.as_f64()) {
        Some(schema) if schema == f64::from(SCHEMA) => {}
        Some(schema) if schema > f64::from(SCHEMA) => {
            return Err(format!("was written by a newer version of Lastmile (schema {schema})"))
        }
        Some(schema) => return Err(format!("has an unknown format (schema {schema})")),
        None => return Err("could not be read (it is not a Lastmile save)".into()),
    }
    let Some(data) = Reflect::get(record, &"data".into()).ok().and_then(|data| data.as_string()) else {
        return Err("could not be read (it has no data)".into());
    };
    let mut saved: Saved = serde_json::from_str(&data).map_err(|e| format!("could not be read ({e})"))?;
    saved.name = key;
    Ok(saved)
}

/// The sentence [`Loaded::problems`] holds for a record that could not be read.
fn set_aside(key: &JsValue, what: &str) -> String {
    format!("The save \"{}\" {what}; it was set aside and not loaded.", key_name(key))
}

/// How a store key reads in a message.
fn key_name(key: &JsValue) -> String {
    key.as_string().unwrap_or_else(|| format!("{key:?}"))
}

/// A JavaScript error as text.
fn describe(value: &JsValue) -> String {
    if let Some(exception) = value.dyn_ref::<DomException>() {
        return format!("{}: {}", exception.name(), exception.message());
    }
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}

/// A one-shot value that event handlers fill and `async` code awaits. The first fill wins.
struct Slot<T>(Rc<RefCell<SlotState<T>>>);

struct SlotState<T> {
    value: Option<T>,
    filled: bool,
    waker: Option<Waker>,
}

impl<T> Clone for Slot<T> {
    fn clone(&self) -> Self {
        Slot(self.0.clone())
    }
}

impl<T> Slot<T> {
    fn new() -> Self {
        Slot(Rc::new(RefCell::new(SlotState { value: None, filled: false, waker: None })))
    }

    /// Fills the slot unless it was filled before; says whether this call filled it.
    fn fill(&self, value: T) -> bool {
        let waker = {
            let mut state = self.0.borrow_mut();
            if state.filled {
                return false;
            }
            state.filled = true;
            state.value = Some(value);
            state.waker.take()
        };
        if let Some(waker) = waker {
            waker.wake();
        }
        true
    }
}

impl<T> Future for Slot<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<T> {
        let mut state = self.0.borrow_mut();
        match state.value.take() {
            Some(value) => Poll::Ready(value),
            None => {
                state.waker = Some(context.waker().clone());
                Poll::Pending
            }
        }
    }
}
