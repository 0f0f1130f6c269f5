//! The browser's side of "add to calendar": a zone's offset read from `Intl`, and the
//! `.ics` file handed over as a download.

use hevruta_model::feed::{CivilDate, FeedItem, TimeOfDay, local_millis};

use super::ics::{CalEvent, Start, summary_of, utc_of};

/// `zone`'s offset from UTC at `at` (millis, east positive), as the browser knows it;
/// `None` for a zone it does not know.
fn offset_at(zone: &str, at: i64) -> Option<i64> {
    let options = js_sys::Object::new();
    let set = |k: &str, v: &str| {
        let _ = js_sys::Reflect::set(&options, &k.into(), &v.into());
    };
    set("timeZone", zone);
    set("hourCycle", "h23");
    for k in ["year", "month", "day", "hour", "minute", "second"] {
        set(k, "numeric");
    }
    let locales = js_sys::Array::of1(&"en-US".into());
    // An unknown zone throws a RangeError: caught, it is `None`.
    let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let class = js_sys::Reflect::get(&intl, &"DateTimeFormat".into()).ok()?;
    let f = js_sys::Reflect::construct(
        wasm_bindgen::JsCast::unchecked_ref::<js_sys::Function>(&class),
        &js_sys::Array::of2(&locales, &options),
    )
    .ok()?;
    let f: js_sys::Intl::DateTimeFormat = wasm_bindgen::JsCast::unchecked_into(f);
    let text = f
        .format()
        .call1(&f, &js_sys::Date::new(&(at as f64).into()))
        .ok()?
        .as_string()?;
    // "5/14/2026, 09:30:00"
    let n: Vec<i64> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    let [month, day, year, hour, minute, second] = n[..] else {
        return None;
    };
    let date = CivilDate {
        year: year as i32,
        month: month as u32,
        day: day as u32,
    };
    let wall = date.days_since_epoch() * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000;
    Some(wall - at.div_euclid(1000) * 1000)
}

/// The calendar event of a dated item; `None` when it has no date.
pub fn event_of(item: &FeedItem, now: i64) -> Option<CalEvent> {
    let date = CivilDate::parse(item.date.as_deref()?)?;
    let time = item.time.as_deref().and_then(TimeOfDay::parse);
    let start = match (time, item.time_zone.as_deref()) {
        (None, _) => Start::AllDay(date),
        (Some(t), None) => Start::Floating(date, t),
        (Some(t), Some(zone)) => {
            let local = local_millis(date, Some(t));
            // A zone this browser does not know: the time as written, floating.
            match offset_at(zone, local) {
                Some(_) => Start::Utc(utc_of(local, |at| offset_at(zone, at).unwrap_or(0))),
                None => Start::Floating(date, t),
            }
        }
    };
    Some(CalEvent {
        uid: format!("{}@hevruta", item.id),
        summary: summary_of(&item.text),
        description: item.text.clone(),
        location: item.place.clone(),
        url: item.link.clone(),
        start,
        stamp: now,
    })
}

/// Offers the item's `.ics` as a download.
pub fn download(item: &FeedItem) {
    let Some(event) = event_of(item, js_sys::Date::now() as i64) else {
        return;
    };
    crate::tools::canvas::export::download_text(
        &format!("hevruta-{}.ics", item.date.as_deref().unwrap_or("event")),
        "text/calendar;charset=utf-8",
        &event.to_ics(),
    );
}
