//! Shared test support.
#![allow(dead_code)]

pub mod corpus;
pub mod fixture;
pub mod node;
