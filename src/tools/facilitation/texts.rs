//! The facilitation tool's strings in every shipped language (kept out of `i18n::Texts`,
//! so they ship only in the bundles that show facilitation).

use crate::i18n::{I18n, Lang};

#[derive(Debug)]
pub struct FacilTexts {
    pub facilitate: &'static str,
    pub timer: &'static str,
    pub timer_left: &'static str,
    pub timer_paused: &'static str,
    pub timer_up: &'static str,
    pub mute: &'static str,
    pub unmute: &'static str,
    pub minutes: &'static str,
    pub start: &'static str,
    pub pause: &'static str,
    pub resume: &'static str,
    pub add_minute: &'static str,
    pub reset: &'static str,
    pub raise_hand: &'static str,
    pub lower_hand: &'static str,
    pub say_done: &'static str,
    pub not_done: &'static str,
    pub hands: &'static str,
    pub done_count: &'static str,
    pub nobody: &'static str,
    pub clear_signals: &'static str,
    pub following: &'static str,
    pub stop_following: &'static str,
    pub follow: &'static str,
    pub lock: &'static str,
    pub unlock: &'static str,
    pub locked_notice: &'static str,
    pub present: &'static str,
    pub stop_present: &'static str,
    pub bring: &'static str,
    pub spotlight: &'static str,
    pub project: &'static str,
    pub join_at: &'static str,
    pub join_code: &'static str,
    pub qr_label: &'static str,
    pub waiting: &'static str,
    pub projector_title: &'static str,
    pub no_token: &'static str,
}

const EN: FacilTexts = FacilTexts {
    facilitate: "Facilitate",
    timer: "Timer",
    timer_left: "Timer: {time} left",
    timer_paused: "Paused",
    timer_up: "Time is up",
    mute: "Mute the sound at zero",
    unmute: "Sound at zero",
    minutes: "Minutes",
    start: "Start",
    pause: "Pause",
    resume: "Resume",
    add_minute: "+1 minute",
    reset: "Reset",
    raise_hand: "Raise hand",
    lower_hand: "Lower hand",
    say_done: "I'm done",
    not_done: "Not done yet",
    hands: "Hands up: {n}",
    done_count: "Done: {n}",
    nobody: "nobody yet",
    clear_signals: "Clear hands and done",
    following: "Following {name}",
    stop_following: "Stop following",
    follow: "Follow {name}",
    lock: "Lock canvas",
    unlock: "Unlock canvas",
    locked_notice: "Locked by the facilitator: you can read, not edit.",
    present: "Present my view",
    stop_present: "Stop presenting",
    bring: "Bring everyone here",
    spotlight: "Spotlight the selected sticky",
    project: "Open the projector",
    join_at: "Join at",
    join_code: "Join code",
    qr_label: "QR code of the invite link",
    waiting: "Waiting for the facilitator to present…",
    projector_title: "Projector",
    no_token: "Open the projector from the canvas's Facilitate menu: this link has no projector session.",
};

const HE: FacilTexts = FacilTexts {
    facilitate: "הנחיה",
    timer: "טיימר",
    timer_left: "טיימר: נותרו {time}",
    timer_paused: "מושהה",
    timer_up: "הזמן נגמר",
    mute: "השתקת הצליל בסיום",
    unmute: "צליל בסיום",
    minutes: "דקות",
    start: "התחלה",
    pause: "השהיה",
    resume: "המשך",
    add_minute: "דקה נוספת",
    reset: "איפוס",
    raise_hand: "הרמת יד",
    lower_hand: "הורדת יד",
    say_done: "סיימתי",
    not_done: "עוד לא סיימתי",
    hands: "ידיים מורמות: {n}",
    done_count: "סיימו: {n}",
    nobody: "עדיין אף אחד",
    clear_signals: "ניקוי ידיים וסיומים",
    following: "עוקבים אחרי {name}",
    stop_following: "הפסקת מעקב",
    follow: "מעקב אחרי {name}",
    lock: "נעילת הקנבס",
    unlock: "ביטול נעילת הקנבס",
    locked_notice: "ננעל על ידי המנחה: אפשר לקרוא, לא לערוך.",
    present: "הצגת התצוגה שלי",
    stop_present: "הפסקת הצגה",
    bring: "להביא את כולם לכאן",
    spotlight: "זרקור על הפתק הנבחר",
    project: "פתיחת המקרן",
    join_at: "הצטרפות בכתובת",
    join_code: "קוד הצטרפות",
    qr_label: "קוד QR של קישור ההזמנה",
    waiting: "ממתינים שהמנחה יציג…",
    projector_title: "מקרן",
    no_token: "יש לפתוח את המקרן מתפריט ההנחיה של הקנבס: לקישור הזה אין חיבור מקרן.",
};

const AR: FacilTexts = FacilTexts {
    facilitate: "التيسير",
    timer: "المؤقت",
    timer_left: "المؤقت: بقي {time}",
    timer_paused: "متوقف مؤقتًا",
    timer_up: "انتهى الوقت",
    mute: "كتم الصوت عند الصفر",
    unmute: "صوت عند الصفر",
    minutes: "دقائق",
    start: "ابدأ",
    pause: "إيقاف مؤقت",
    resume: "استئناف",
    add_minute: "دقيقة إضافية",
    reset: "إعادة ضبط",
    raise_hand: "ارفع يدك",
    lower_hand: "أنزل يدك",
    say_done: "انتهيت",
    not_done: "لم أنتهِ بعد",
    hands: "أيادٍ مرفوعة: {n}",
    done_count: "انتهوا: {n}",
    nobody: "لا أحد بعد",
    clear_signals: "مسح الأيادي والانتهاء",
    following: "تتابع {name}",
    stop_following: "إيقاف المتابعة",
    follow: "تابع {name}",
    lock: "قفل اللوحة",
    unlock: "فتح اللوحة",
    locked_notice: "أقفلها الميسر: يمكنك القراءة لا التعديل.",
    present: "اعرض عرضي",
    stop_present: "إيقاف العرض",
    bring: "أحضر الجميع إلى هنا",
    spotlight: "سلّط الضوء على الملاحظة المحددة",
    project: "افتح جهاز العرض",
    join_at: "انضم عبر",
    join_code: "رمز الانضمام",
    qr_label: "رمز QR لرابط الدعوة",
    waiting: "بانتظار أن يعرض الميسر…",
    projector_title: "جهاز العرض",
    no_token: "افتح جهاز العرض من قائمة التيسير في اللوحة: هذا الرابط بلا جلسة عرض.",
};

const ES: FacilTexts = FacilTexts {
    facilitate: "Facilitar",
    timer: "Temporizador",
    timer_left: "Temporizador: quedan {time}",
    timer_paused: "En pausa",
    timer_up: "Se acabó el tiempo",
    mute: "Silenciar el sonido al final",
    unmute: "Sonido al final",
    minutes: "Minutos",
    start: "Iniciar",
    pause: "Pausar",
    resume: "Reanudar",
    add_minute: "+1 minuto",
    reset: "Reiniciar",
    raise_hand: "Levantar la mano",
    lower_hand: "Bajar la mano",
    say_done: "He terminado",
    not_done: "Aún no termino",
    hands: "Manos levantadas: {n}",
    done_count: "Terminaron: {n}",
    nobody: "nadie aún",
    clear_signals: "Borrar manos y terminados",
    following: "Siguiendo a {name}",
    stop_following: "Dejar de seguir",
    follow: "Seguir a {name}",
    lock: "Bloquear el lienzo",
    unlock: "Desbloquear el lienzo",
    locked_notice: "Bloqueado por la persona facilitadora: puedes leer, no editar.",
    present: "Presentar mi vista",
    stop_present: "Dejar de presentar",
    bring: "Traer a todos aquí",
    spotlight: "Destacar la nota seleccionada",
    project: "Abrir el proyector",
    join_at: "Únete en",
    join_code: "Código para unirse",
    qr_label: "Código QR del enlace de invitación",
    waiting: "Esperando a que la persona facilitadora presente…",
    projector_title: "Proyector",
    no_token: "Abre el proyector desde el menú Facilitar del lienzo: este enlace no tiene sesión de proyector.",
};

pub fn texts(lang: Lang) -> &'static FacilTexts {
    match lang {
        Lang::En => &EN,
        Lang::He => &HE,
        Lang::Ar => &AR,
        Lang::Es => &ES,
    }
}

/// Picks one string, e.g. `|t| t.pause`.
pub type FacilKey = fn(&'static FacilTexts) -> &'static str;

/// One string of the current language, tracked.
pub fn ft(i18n: I18n, key: FacilKey) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || key(texts(i18n.lang()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::tests::{placeholders, plain, strings};

    #[test]
    fn every_language_has_every_facilitation_string() {
        let english = strings(texts(Lang::En));
        let english = plain(&english);
        for lang in Lang::ALL {
            let all = strings(texts(lang));
            let mine = plain(&all);
            assert_eq!(mine.len(), english.len(), "{lang:?}");
            for (en, other) in english.iter().zip(&mine) {
                assert_eq!(en.key, other.key);
                assert!(!other.value.trim().is_empty(), "{lang:?} {}", other.key);
                assert_eq!(
                    placeholders(&en.value),
                    placeholders(&other.value),
                    "{lang:?} {}",
                    en.key
                );
            }
        }
    }
}
