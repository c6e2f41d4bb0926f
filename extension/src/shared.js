/* Tuumaustauko: what the background worker, the content script, the popup and the options share.
 * Plain script (no modules): it defines one global, TT. Draft text never passes through here. */
(function (root) {
  "use strict";
  if (root.TT) return;

  const DEFAULT_PORT = 8470;
  /* The native messaging host of `tuumaustauko install-browser` (server/tuumaustauko/native_host.py). */
  const NATIVE_HOST = "fi.tuumaustauko.pairing";
  const MODES = ["official", "hybrid", "private"];
  const UI_LANGS = ["fi", "sv", "en"];

  /* The sites where the content script runs (kept in step with the manifest's content_scripts). */
  const SITES = [
    { platform: "x.com", hosts: ["x.com", "twitter.com"] },
    { platform: "linkedin.com", hosts: ["linkedin.com"] },
    { platform: "facebook.com", hosts: ["facebook.com"] },
    { platform: "threads.net", hosts: ["threads.net", "threads.com"] },
    { platform: "bsky.app", hosts: ["bsky.app"] },
    { platform: "reddit.com", hosts: ["reddit.com"] },
    { platform: "youtube.com", hosts: ["youtube.com"] },
    { platform: "instagram.com", hosts: ["instagram.com"] },
    { platform: "suomi24.fi", hosts: ["suomi24.fi"] },
  ];
  /* Well-known Mastodon instances that work out of the box; others are added in the options. */
  const MASTODON_DEFAULTS = ["mastodon.social", "mastodon.online", "mas.to", "mstdn.social", "some.social"];

  function platformFor(hostname) {
    const host = String(hostname || "").toLowerCase().replace(/\.$/, "");
    for (const site of SITES) {
      for (const h of site.hosts) {
        if (host === h || host.endsWith("." + h)) return site.platform;
      }
    }
    return host.replace(/^www\./, "");
  }

  function normaliseDomain(input) {
    let s = String(input || "").trim().toLowerCase();
    s = s.replace(/^[a-z]+:\/\//, "").replace(/[/?#].*$/, "").replace(/:\d+$/, "").replace(/^@/, "");
    if (s.includes("@")) s = s.split("@").pop();
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(s)) return "";
    return s;
  }

  const STRINGS = {
    en: {
      name: "Tuumaustauko",
      mode_official: "The organisation's account",
      mode_hybrid: "My account, work role visible",
      mode_private: "Private",
      mode_official_help: "I post for the organisation: its official position only.",
      mode_hybrid_help: "My own profile, but people know where I work.",
      mode_private_help: "Only my private life, as a private person.",
      badge_official: "ORG",
      badge_hybrid: "WORK",
      badge_private: "PRIV",
      badge_paused: "OFF",
      mode_heading: "Who is speaking on {site}?",
      pause_site: "Pause Tuumaustauko on this site",
      privacy: "Your text goes only to the Tuumaustauko service on this computer (127.0.0.1) and nowhere else.",
      status_ok: "Connected to the service on 127.0.0.1:{port}.",
      status_down:
        "The Tuumaustauko service is not running on 127.0.0.1:{port}. Start it with `make run` in the project folder (or `tuumaustauko serve`).",
      status_unauthorized:
        "The service did not accept the token. Run `tuumaustauko token` and paste the token in the options.",
      status_unpaired: "Not paired yet: open the options and press “Pair” (or run `tuumaustauko token` and paste the token there).",
      status_error: "The service answered with an error ({detail}).",
      status_permission: "The browser has not allowed the extension to reach 127.0.0.1 yet: open the options and press “Allow”.",
      status_checking: "Checking the connection…",
      status_reconnecting: "The connection to the service on 127.0.0.1:{port} dropped; trying again…",
      pill_reconnecting: "Tuumaustauko: reconnecting…",
      unsupported_page: "Tuumaustauko does not check drafts on this page.",
      open_options: "Settings and pairing",
      badge_title_ok: "Tuumaustauko: {mode}",
      badge_title_problem: "Tuumaustauko: {status}",
      severity_critical: "Critical",
      severity_warning: "Warning",
      severity_info: "Note",
      cat_personal_data: "Personal data",
      cat_confidential: "Confidential",
      cat_security: "Security",
      cat_disclaimer: "Whose view is it?",
      cat_official_business: "Official business",
      cat_stockmann: "Stockmann test",
      cat_edit: "Edited post",
      rule_label: "Guideline rule {n}",
      rule_loading: "Loading the rule…",
      rule_unavailable: "The rule text is not available right now.",
      fix_replace: "Replace with “{text}”",
      fix_remove: "Remove it",
      fix_disclaimer: "Add a disclaimer",
      fix_edited: "Mark as edited",
      ignore: "Ignore in this draft",
      close: "Close",
      stockmann_label: "Stockmann: {level}",
      level_low: "low",
      level_medium: "medium",
      level_high: "high",
      stockmann_question: "Would you say this out loud in a crowded department store?",
      stockmann_no_reasons: "Nothing here you would not say in public.",
      hints_heading: "Hints in this draft",
      no_hints: "No hints.",
      pause_text: "{n} critical hints — review, or post anyway",
      pause_text_one: "1 critical hint — review, or post anyway",
      pause_review: "Review",
      pause_post_anyway: "Post anyway",
      pause_press_again: "Press Post again to publish.",
      service_problem: "Tuumaustauko cannot check this draft: {status}",
      options_title: "Tuumaustauko settings",
      pairing_heading: "Pairing with the service",
      pairing_help: "Run `tuumaustauko token` in a terminal and paste the token here.",
      token_label: "Token",
      port_label: "Port",
      test_connection: "Save and test the connection",
      saved: "Saved.",
      pack_label: "Policy pack",
      pack_default: "The service's default",
      ui_lang_label: "Interface language",
      instances_heading: "Mastodon instances",
      instances_help: "Add the domain of your Mastodon instance (for example mastodon.social). The browser asks for permission to run on it.",
      instance_add: "Add",
      instance_remove: "Remove",
      instance_denied: "The browser did not give permission for {domain}.",
      instance_bad: "That does not look like a domain.",
      grant_heading: "Permissions",
      grant_help: "Firefox asks before letting the extension run on the sites and talk to 127.0.0.1.",
      grant_button: "Allow the sites and 127.0.0.1",
      granted: "All permissions are granted.",
      disclaimer_text: "(My own view, not my employer's official position.)",
      edited_text: "(Edited.)",
      pair_button: "Pair with the service on this computer",
      pair_native_help: "One click: the browser asks Tuumaustauko's helper on this computer for the token. If the helper is not registered yet, run `tuumaustauko install-browser` (`make run` does it) once.",
      pair_native_failed: "The helper did not answer: run `tuumaustauko install-browser` (or `make run`) once, then press Pair again, or paste the token below.",
      pair_paste_heading: "Or paste the token",
      live_none: "No hints in the draft.",
      live_count: "{n} hints in the draft, {c} critical.",
      live_count_one: "1 hint in the draft, {c} critical.",
      shortcut_help: "Keyboard: {keys} goes to the next hint and opens its card; Tab moves in the card, Enter applies, Esc returns to your text.",
      allow_always: "Always allow this",
      allowed_now: "Allowed: you will not be warned about this again. Options list what you allowed.",
      allow_heading: "Always allowed",
      allow_help: "Things you said are fine for you: a hint of that kind on that exact text is not shown in any draft. A critical hint (an identity code, a card, a password, a classification marking) is never allowed.",
      allow_none: "Nothing is allowed yet. Use “Always allow this” on a hint card.",
      allow_remove: "Remove",
      allow_remove_label: "Remove the allowance {kind}: {text}",
      allow_clear: "Clear all",
      allow_count: "{n} allowances in force",
      allow_count_one: "1 allowance in force",
      allow_count_none: "No allowances in force",
      allow_full: "The list of allowances is full (500); remove some in the options.",
    },
    fi: {
      name: "Tuumaustauko",
      mode_official: "Organisaation tili",
      mode_hybrid: "Oma tilini, työrooli näkyvissä",
      mode_private: "Yksityinen",
      mode_official_help: "Kirjoitan organisaation puolesta: vain sen virallinen kanta.",
      mode_hybrid_help: "Oma profiilini, mutta lukijat tietävät missä työskentelen.",
      mode_private_help: "Vain yksityiselämääni, yksityishenkilönä.",
      badge_official: "ORG",
      badge_hybrid: "TYÖ",
      badge_private: "OMA",
      badge_paused: "OFF",
      mode_heading: "Kuka puhuu palvelussa {site}?",
      pause_site: "Keskeytä Tuumaustauko tällä sivustolla",
      privacy: "Tekstisi menee vain tämän tietokoneen Tuumaustauko-palveluun (127.0.0.1) eikä minnekään muualle.",
      status_ok: "Yhteys palveluun osoitteessa 127.0.0.1:{port} toimii.",
      status_down:
        "Tuumaustauko-palvelu ei ole käynnissä osoitteessa 127.0.0.1:{port}. Käynnistä se komennolla `make run` projektin kansiossa (tai `tuumaustauko serve`).",
      status_unauthorized:
        "Palvelu ei hyväksynyt tunnistetta. Aja `tuumaustauko token` ja liitä tunniste asetuksiin.",
      status_unpaired: "Laajennusta ei ole vielä yhdistetty: avaa asetukset ja paina ”Yhdistä” (tai aja `tuumaustauko token` ja liitä tunniste sinne).",
      status_error: "Palvelu vastasi virheellä ({detail}).",
      status_permission: "Selain ei ole vielä sallinut laajennuksen yhteyttä osoitteeseen 127.0.0.1: avaa asetukset ja paina ”Salli”.",
      status_checking: "Tarkistetaan yhteyttä…",
      status_reconnecting: "Yhteys palveluun osoitteessa 127.0.0.1:{port} katkesi; yritetään uudelleen…",
      pill_reconnecting: "Tuumaustauko: yhdistetään uudelleen…",
      unsupported_page: "Tuumaustauko ei tarkista luonnoksia tällä sivulla.",
      open_options: "Asetukset ja yhdistäminen",
      badge_title_ok: "Tuumaustauko: {mode}",
      badge_title_problem: "Tuumaustauko: {status}",
      severity_critical: "Kriittinen",
      severity_warning: "Varoitus",
      severity_info: "Huomio",
      cat_personal_data: "Henkilötieto",
      cat_confidential: "Luottamuksellista",
      cat_security: "Tietoturva",
      cat_disclaimer: "Kenen kanta?",
      cat_official_business: "Asiointi",
      cat_stockmann: "Stockmann-testi",
      cat_edit: "Muokattu julkaisu",
      rule_label: "Ohje {n}",
      rule_loading: "Haetaan ohjetta…",
      rule_unavailable: "Ohjeen tekstiä ei juuri nyt saatu.",
      fix_replace: "Korvaa: “{text}”",
      fix_remove: "Poista",
      fix_disclaimer: "Lisää vastuuvapauslauseke",
      fix_edited: "Merkitse muokatuksi",
      ignore: "Ohita tässä luonnoksessa",
      close: "Sulje",
      stockmann_label: "Stockmann: {level}",
      level_low: "matala",
      level_medium: "kohtalainen",
      level_high: "korkea",
      stockmann_question: "Sanoisitko tämän ääneen täydessä tavaratalossa?",
      stockmann_no_reasons: "Ei mitään, mitä et sanoisi julkisesti.",
      hints_heading: "Huomiot tässä luonnoksessa",
      no_hints: "Ei huomioita.",
      pause_text: "{n} kriittistä huomiota — tarkista, tai julkaise silti",
      pause_text_one: "1 kriittinen huomio — tarkista, tai julkaise silti",
      pause_review: "Tarkista",
      pause_post_anyway: "Julkaise silti",
      pause_press_again: "Julkaise painamalla julkaisupainiketta uudelleen.",
      service_problem: "Tuumaustauko ei voi tarkistaa luonnosta: {status}",
      options_title: "Tuumaustaukon asetukset",
      pairing_heading: "Yhdistäminen palveluun",
      pairing_help: "Aja päätteessä `tuumaustauko token` ja liitä tunniste tähän.",
      token_label: "Tunniste",
      port_label: "Portti",
      test_connection: "Tallenna ja testaa yhteys",
      saved: "Tallennettu.",
      pack_label: "Ohjeistopaketti",
      pack_default: "Palvelun oletus",
      ui_lang_label: "Käyttöliittymän kieli",
      instances_heading: "Mastodon-palvelimet",
      instances_help: "Lisää Mastodon-palvelimesi osoite (esim. mastodon.social). Selain kysyy luvan toimia sillä.",
      instance_add: "Lisää",
      instance_remove: "Poista",
      instance_denied: "Selain ei antanut lupaa sivustolle {domain}.",
      instance_bad: "Tämä ei näytä verkkotunnukselta.",
      grant_heading: "Luvat",
      grant_help: "Firefox kysyy luvan ennen kuin laajennus saa toimia sivustoilla ja puhua osoitteeseen 127.0.0.1.",
      grant_button: "Salli sivustot ja 127.0.0.1",
      granted: "Kaikki luvat on annettu.",
      disclaimer_text: "(Oma näkemykseni, ei työnantajani virallinen kanta.)",
      edited_text: "(Muokattu.)",
      pair_button: "Yhdistä tämän tietokoneen palveluun",
      pair_native_help: "Yksi napsautus: selain kysyy tunnisteen Tuumaustaukon apuohjelmalta tällä tietokoneella. Jos apuohjelmaa ei ole vielä rekisteröity, aja kerran `tuumaustauko install-browser` (`make run` tekee sen).",
      pair_native_failed: "Apuohjelma ei vastannut: aja kerran `tuumaustauko install-browser` (tai `make run`) ja paina Yhdistä uudelleen, tai liitä tunniste alle.",
      pair_paste_heading: "Tai liitä tunniste",
      live_none: "Luonnoksessa ei ole huomioita.",
      live_count: "Luonnoksessa {n} huomiota, kriittisiä {c}.",
      live_count_one: "Luonnoksessa 1 huomio, kriittisiä {c}.",
      shortcut_help: "Näppäimistö: {keys} siirtyy seuraavaan huomioon ja avaa sen kortin; sarkain liikkuu kortissa, Enter valitsee, Esc palaa tekstiin.",
      allow_always: "Salli aina tämä",
      allowed_now: "Sallittu: tästä ei enää huomauteta. Sallimasi asiat näkyvät asetuksissa.",
      allow_heading: "Aina sallitut",
      allow_help: "Asiat, jotka olet todennut itsellesi sopiviksi: tämän lajin huomiota juuri tästä tekstistä ei näytetä missään luonnoksessa. Kriittistä huomiota (henkilötunnus, kortti, salasana, turvaluokitusmerkintä) ei voi sallia.",
      allow_none: "Mitään ei ole vielä sallittu. Käytä huomiokortin painiketta ”Salli aina tämä”.",
      allow_remove: "Poista",
      allow_remove_label: "Poista sallinta {kind}: {text}",
      allow_clear: "Poista kaikki",
      allow_count: "{n} sallintaa voimassa",
      allow_count_one: "1 sallinta voimassa",
      allow_count_none: "Ei sallintoja voimassa",
      allow_full: "Sallintojen lista on täynnä (500); poista joitakin asetuksissa.",
    },
    sv: {
      name: "Tuumaustauko",
      mode_official: "Organisationens konto",
      mode_hybrid: "Mitt konto, arbetsrollen synlig",
      mode_private: "Privat",
      mode_official_help: "Jag skriver för organisationen: bara dess officiella ståndpunkt.",
      mode_hybrid_help: "Min egen profil, men man vet var jag arbetar.",
      mode_private_help: "Bara mitt privatliv, som privatperson.",
      badge_official: "ORG",
      badge_hybrid: "JOBB",
      badge_private: "PRIV",
      badge_paused: "OFF",
      mode_heading: "Vem talar på {site}?",
      pause_site: "Pausa Tuumaustauko på den här webbplatsen",
      privacy: "Din text går bara till Tuumaustauko-tjänsten på den här datorn (127.0.0.1) och ingen annanstans.",
      status_ok: "Ansluten till tjänsten på 127.0.0.1:{port}.",
      status_down:
        "Tuumaustauko-tjänsten körs inte på 127.0.0.1:{port}. Starta den med `make run` i projektmappen (eller `tuumaustauko serve`).",
      status_unauthorized:
        "Tjänsten godkände inte nyckeln. Kör `tuumaustauko token` och klistra in nyckeln i inställningarna.",
      status_unpaired: "Inte parkopplad ännu: öppna inställningarna och tryck på ”Parkoppla” (eller kör `tuumaustauko token` och klistra in nyckeln där).",
      status_error: "Tjänsten svarade med ett fel ({detail}).",
      status_permission: "Webbläsaren har ännu inte tillåtit tillägget att nå 127.0.0.1: öppna inställningarna och tryck på ”Tillåt”.",
      status_checking: "Kontrollerar anslutningen…",
      status_reconnecting: "Anslutningen till tjänsten på 127.0.0.1:{port} bröts; försöker igen…",
      pill_reconnecting: "Tuumaustauko: återansluter…",
      unsupported_page: "Tuumaustauko granskar inga utkast på den här sidan.",
      open_options: "Inställningar och parkoppling",
      badge_title_ok: "Tuumaustauko: {mode}",
      badge_title_problem: "Tuumaustauko: {status}",
      severity_critical: "Kritiskt",
      severity_warning: "Varning",
      severity_info: "Obs",
      cat_personal_data: "Personuppgift",
      cat_confidential: "Konfidentiellt",
      cat_security: "Säkerhet",
      cat_disclaimer: "Vems åsikt?",
      cat_official_business: "Ärendehantering",
      cat_stockmann: "Stockmanntestet",
      cat_edit: "Redigerat inlägg",
      rule_label: "Anvisning {n}",
      rule_loading: "Hämtar anvisningen…",
      rule_unavailable: "Anvisningens text går inte att få just nu.",
      fix_replace: "Ersätt med ”{text}”",
      fix_remove: "Ta bort",
      fix_disclaimer: "Lägg till en ansvarsfriskrivning",
      fix_edited: "Märk som redigerat",
      ignore: "Ignorera i det här utkastet",
      close: "Stäng",
      stockmann_label: "Stockmann: {level}",
      level_low: "låg",
      level_medium: "medel",
      level_high: "hög",
      stockmann_question: "Skulle du säga det här högt i ett fullt varuhus?",
      stockmann_no_reasons: "Inget som du inte skulle säga offentligt.",
      hints_heading: "Tips i det här utkastet",
      no_hints: "Inga tips.",
      pause_text: "{n} kritiska tips — granska, eller publicera ändå",
      pause_text_one: "1 kritiskt tips — granska, eller publicera ändå",
      pause_review: "Granska",
      pause_post_anyway: "Publicera ändå",
      pause_press_again: "Tryck på publiceringsknappen igen för att publicera.",
      service_problem: "Tuumaustauko kan inte granska utkastet: {status}",
      options_title: "Inställningar för Tuumaustauko",
      pairing_heading: "Parkoppling med tjänsten",
      pairing_help: "Kör `tuumaustauko token` i en terminal och klistra in nyckeln här.",
      token_label: "Nyckel",
      port_label: "Port",
      test_connection: "Spara och testa anslutningen",
      saved: "Sparat.",
      pack_label: "Policypaket",
      pack_default: "Tjänstens standard",
      ui_lang_label: "Gränssnittets språk",
      instances_heading: "Mastodon-instanser",
      instances_help: "Lägg till domänen för din Mastodon-instans (till exempel mastodon.social). Webbläsaren frågar om lov att köra där.",
      instance_add: "Lägg till",
      instance_remove: "Ta bort",
      instance_denied: "Webbläsaren gav inte lov för {domain}.",
      instance_bad: "Det ser inte ut som en domän.",
      grant_heading: "Behörigheter",
      grant_help: "Firefox frågar innan tillägget får köra på webbplatserna och tala med 127.0.0.1.",
      grant_button: "Tillåt webbplatserna och 127.0.0.1",
      granted: "Alla behörigheter är beviljade.",
      disclaimer_text: "(Min egen åsikt, inte min arbetsgivares officiella ståndpunkt.)",
      edited_text: "(Redigerat.)",
      pair_button: "Parkoppla med tjänsten på den här datorn",
      pair_native_help: "Ett klick: webbläsaren ber Tuumaustaukos hjälpprogram på den här datorn om nyckeln. Om hjälpprogrammet inte är registrerat än, kör `tuumaustauko install-browser` (`make run` gör det) en gång.",
      pair_native_failed: "Hjälpprogrammet svarade inte: kör `tuumaustauko install-browser` (eller `make run`) en gång och tryck på Parkoppla igen, eller klistra in nyckeln nedan.",
      pair_paste_heading: "Eller klistra in nyckeln",
      live_none: "Inga tips i utkastet.",
      live_count: "{n} tips i utkastet, {c} kritiska.",
      live_count_one: "1 tips i utkastet, {c} kritiska.",
      shortcut_help: "Tangentbord: {keys} går till nästa tips och öppnar dess kort; Tabb flyttar i kortet, Enter väljer, Esc återgår till texten.",
      allow_always: "Tillåt alltid detta",
      allowed_now: "Tillåtet: du varnas inte för detta igen. Inställningarna visar vad du har tillåtit.",
      allow_heading: "Alltid tillåtet",
      allow_help: "Sådant du har sagt är okej för dig: ett tips av det slaget om exakt den texten visas inte i något utkast. Ett kritiskt tips (ett personnummer, ett kort, ett lösenord, en säkerhetsklassning) kan aldrig tillåtas.",
      allow_none: "Inget är tillåtet ännu. Använd ”Tillåt alltid detta” på ett tipskort.",
      allow_remove: "Ta bort",
      allow_remove_label: "Ta bort tillåtelsen {kind}: {text}",
      allow_clear: "Ta bort alla",
      allow_count: "{n} tillåtelser gäller",
      allow_count_one: "1 tillåtelse gäller",
      allow_count_none: "Inga tillåtelser gäller",
      allow_full: "Listan över tillåtelser är full (500); ta bort några i inställningarna.",
    },
  };

  /* The writer's own allowances ("always allow this"): {kind, text} in storage.local `allow`, sent with
     every check. The service applies them (../shared/API.md); these limits and the kinds never allowed
     mirror server/tuumaustauko/allowances.py and data/allow.yaml, so the card does not offer what the
     service would ignore. */
  const ALLOW_MAX = 500;
  const ALLOW_MAX_TEXT = 200;
  const NEVER_ALLOWED = ["national_id", "payment_card", "iban", "classification", "credential"];

  function allowKey(kind, text) {
    return `${kind}\u0000${String(text).trim().split(/\s+/).join(" ").toLowerCase()}`;
  }

  /* The stored list, cleaned: only well-formed entries, no two alike, at most ALLOW_MAX. */
  function cleanAllowList(list) {
    const out = [];
    const seen = new Set();
    for (const entry of Array.isArray(list) ? list : []) {
      if (!entry || typeof entry.kind !== "string" || typeof entry.text !== "string") continue;
      const kind = entry.kind.trim();
      const text = entry.text.trim();
      if (!kind || kind.length > 64 || !text || text.length > ALLOW_MAX_TEXT) continue;
      const key = allowKey(kind, text);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ kind, text });
      if (out.length >= ALLOW_MAX) break;
    }
    return out;
  }

  function canAllow(hint, text) {
    if (!hint || hint.severity === "critical" || hint.start === hint.end || NEVER_ALLOWED.includes(hint.kind)) return false;
    const t = String(text || "").trim();
    return t.length > 0 && t.length <= ALLOW_MAX_TEXT;
  }

  function pickLang(value) {
    const s = String(value || "").toLowerCase().slice(0, 2);
    return UI_LANGS.includes(s) ? s : "en";
  }

  function t(lang, key, vars) {
    const table = STRINGS[pickLang(lang)] || STRINGS.en;
    let s = table[key] !== undefined ? table[key] : STRINGS.en[key] !== undefined ? STRINGS.en[key] : key;
    if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] !== undefined ? String(vars[k]) : m));
    return s;
  }

  function defaultUiLang() {
    const nav = typeof navigator !== "undefined" ? navigator.language || "" : "";
    const s = nav.toLowerCase().slice(0, 2);
    return UI_LANGS.includes(s) ? s : "en";
  }

  root.TT = {
    DEFAULT_PORT,
    NATIVE_HOST,
    MODES,
    UI_LANGS,
    SITES,
    MASTODON_DEFAULTS,
    STRINGS,
    platformFor,
    normaliseDomain,
    ALLOW_MAX,
    ALLOW_MAX_TEXT,
    NEVER_ALLOWED,
    allowKey,
    cleanAllowList,
    canAllow,
    pickLang,
    t,
    defaultUiLang,
    api: root.browser && root.browser.runtime ? root.browser : root.chrome,
  };
})(typeof globalThis !== "undefined" ? globalThis : this);
