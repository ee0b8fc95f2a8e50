//! Import and export of lists: students with their parents, and staff, from and to CSV and XLSX.

pub mod routes;
