//! The voting rounds' strings in every shipped language.

use crate::i18n::{I18n, Lang};

#[derive(Debug)]
pub struct VoteTexts {
    pub heading: &'static str,
    pub start_title: &'static str,
    pub budget: &'static str,
    pub cap: &'static str,
    pub cap_hint: &'static str,
    pub anonymous: &'static str,
    pub start: &'static str,
    pub open_named: &'static str,
    pub open_anonymous: &'static str,
    pub voters: &'static str,
    pub hidden: &'static str,
    pub left: &'static str,
    pub reveal: &'static str,
    pub cancel: &'static str,
    pub results: &'static str,
    pub rank: &'static str,
    pub item: &'static str,
    pub dots: &'static str,
    pub who: &'static str,
    pub nothing: &'static str,
    pub export_md: &'static str,
    pub export_csv: &'static str,
    pub add_dot: &'static str,
    pub remove_dot: &'static str,
    pub my_dots: &'static str,
    pub cancelled: &'static str,
    pub deleted_item: &'static str,
}

const EN: VoteTexts = VoteTexts {
    heading: "Dot voting",
    start_title: "Start a dot vote",
    budget: "Dots per member",
    cap: "Most dots on one item",
    cap_hint: "Leave empty for no limit.",
    anonymous: "Anonymous: nobody sees who voted for what",
    start: "Start voting",
    open_named: "Voting is open (named).",
    open_anonymous: "Voting is open (anonymous).",
    voters: "Members who have voted: {n}.",
    hidden: "Votes stay hidden until the facilitator reveals them.",
    left: "You have {left} of {budget} dots left.",
    reveal: "Reveal results",
    cancel: "Cancel the vote",
    results: "Results of the dot vote",
    rank: "Rank",
    item: "Item",
    dots: "Dots",
    who: "Voters",
    nothing: "No dots were placed.",
    export_md: "Export Markdown",
    export_csv: "Export CSV",
    add_dot: "Add a dot",
    remove_dot: "Take a dot back",
    my_dots: "Your dots: {n}",
    cancelled: "The last vote was cancelled.",
    deleted_item: "(deleted)",
};

const HE: VoteTexts = VoteTexts {
    heading: "הצבעת נקודות",
    start_title: "פתיחת הצבעת נקודות",
    budget: "נקודות לכל משתתף",
    cap: "מקסימום נקודות לפריט אחד",
    cap_hint: "ריק: ללא הגבלה.",
    anonymous: "אנונימית: אף אחד לא רואה מי הצביע למה",
    start: "פתיחת ההצבעה",
    open_named: "ההצבעה פתוחה (גלויה).",
    open_anonymous: "ההצבעה פתוחה (אנונימית).",
    voters: "הצביעו עד כה: {n}.",
    hidden: "ההצבעות מוסתרות עד שהמנחה יחשוף אותן.",
    left: "נותרו לך {left} מתוך {budget} נקודות.",
    reveal: "חשיפת התוצאות",
    cancel: "ביטול ההצבעה",
    results: "תוצאות הצבעת הנקודות",
    rank: "דירוג",
    item: "פריט",
    dots: "נקודות",
    who: "מצביעים",
    nothing: "לא הוצבו נקודות.",
    export_md: "ייצוא Markdown",
    export_csv: "ייצוא CSV",
    add_dot: "הוספת נקודה",
    remove_dot: "החזרת נקודה",
    my_dots: "הנקודות שלך: {n}",
    cancelled: "ההצבעה האחרונה בוטלה.",
    deleted_item: "(נמחק)",
};

const AR: VoteTexts = VoteTexts {
    heading: "التصويت بالنقاط",
    start_title: "بدء تصويت بالنقاط",
    budget: "النقاط لكل عضو",
    cap: "أقصى عدد نقاط لعنصر واحد",
    cap_hint: "اتركه فارغًا بلا حد.",
    anonymous: "مجهول: لا أحد يرى من صوّت لماذا",
    start: "بدء التصويت",
    open_named: "التصويت مفتوح (بالأسماء).",
    open_anonymous: "التصويت مفتوح (مجهول).",
    voters: "عدد من صوّتوا: {n}.",
    hidden: "تبقى الأصوات مخفية حتى يكشفها الميسّر.",
    left: "بقيت لديك {left} من {budget} نقاط.",
    reveal: "كشف النتائج",
    cancel: "إلغاء التصويت",
    results: "نتائج التصويت بالنقاط",
    rank: "الترتيب",
    item: "العنصر",
    dots: "النقاط",
    who: "المصوّتون",
    nothing: "لم توضع أي نقاط.",
    export_md: "تصدير Markdown",
    export_csv: "تصدير CSV",
    add_dot: "إضافة نقطة",
    remove_dot: "استرجاع نقطة",
    my_dots: "نقاطك: {n}",
    cancelled: "أُلغي التصويت الأخير.",
    deleted_item: "(محذوف)",
};

const ES: VoteTexts = VoteTexts {
    heading: "Votación por puntos",
    start_title: "Iniciar una votación por puntos",
    budget: "Puntos por miembro",
    cap: "Máximo de puntos en un elemento",
    cap_hint: "Vacío: sin límite.",
    anonymous: "Anónima: nadie ve quién votó qué",
    start: "Iniciar la votación",
    open_named: "La votación está abierta (con nombres).",
    open_anonymous: "La votación está abierta (anónima).",
    voters: "Miembros que han votado: {n}.",
    hidden: "Los votos quedan ocultos hasta que la persona facilitadora los revele.",
    left: "Te quedan {left} de {budget} puntos.",
    reveal: "Revelar resultados",
    cancel: "Cancelar la votación",
    results: "Resultados de la votación por puntos",
    rank: "Puesto",
    item: "Elemento",
    dots: "Puntos",
    who: "Votantes",
    nothing: "No se colocó ningún punto.",
    export_md: "Exportar Markdown",
    export_csv: "Exportar CSV",
    add_dot: "Añadir un punto",
    remove_dot: "Quitar un punto",
    my_dots: "Tus puntos: {n}",
    cancelled: "La última votación se canceló.",
    deleted_item: "(eliminado)",
};

pub fn texts(lang: Lang) -> &'static VoteTexts {
    match lang {
        Lang::En => &EN,
        Lang::He => &HE,
        Lang::Ar => &AR,
        Lang::Es => &ES,
    }
}

pub type VoteKey = fn(&'static VoteTexts) -> &'static str;

/// One string of the current language, tracked.
pub fn vt(i18n: I18n, key: VoteKey) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || key(texts(i18n.lang()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::tests::assert_every_language_has;

    #[test]
    fn every_language_has_every_voting_string() {
        assert_every_language_has(texts, 0);
    }
}
