//! Writing a note's HTML as it is parsed rather than at the end. Holding
//! every event of a 50 MB note at once took most of its peak memory; the
//! events of each finished top-level block are written out once enough of
//! them have piled up, so memory follows the largest block, not the note.

use pulldown_cmark::Event;

/// Events kept before the finished blocks are written out: more than any
/// ordinary note has, so those are written in one piece as before.
const FLUSH_EVENTS: usize = 1 << 16;

/// Tracks the block nesting of the events parsed so far.
pub struct EventFlush {
    open: usize,
    /// Footnotes are numbered across the whole note by one HTML writer,
    /// so a note that has any is written in one piece.
    enabled: bool,
}

impl EventFlush {
    pub fn new(body: &str) -> EventFlush {
        EventFlush {
            open: 0,
            enabled: !body.contains("[^"),
        }
    }

    /// Called with each parsed `event` before it is handled: writes the
    /// events gathered so far into `html` when they end at the top level and
    /// are many.
    pub fn before<'a>(
        &mut self,
        event: &Event<'_>,
        events: &mut Vec<Event<'a>>,
        html: &mut String,
    ) {
        if self.enabled && self.open == 0 && events.len() >= FLUSH_EVENTS {
            pulldown_cmark::html::push_html(html, events.drain(..));
        }
        match event {
            Event::Start(_) => self.open += 1,
            Event::End(_) => self.open = self.open.saturating_sub(1),
            _ => {}
        }
    }
}
