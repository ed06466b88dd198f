//! The workspace's side and bottom panels; each reads the workspace store and draws one thing.

pub mod exports;
pub mod import;
pub mod kpis;
pub mod progress;
pub mod routes;
pub mod rows;
pub mod saves;
pub mod timeline;
pub mod unassigned;
