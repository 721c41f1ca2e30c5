// The messages of the comparison with an earlier publication (screens/compare_versions.tsx), in
// a catalogue of their own: they travel in that screen's chunk, loaded only when a reader opens
// the comparison, so the first load stays inside its budget (docs/portal.md). en is the
// reference; i18n.test.ts checks the others as it checks the main catalogues.
import { language, type Language } from "../../i18n/language";
import { fill } from "./index";

const en = {
  "compare.heading": "Compared with an earlier publication",
  "compare.explain":
    "Every version of the snapshot stays on the server unchanged, so any figure can be read as it stood in an earlier publication and set beside the current one.",
  "compare.choose": "Earlier publication",
  "compare.choose_none": "— choose a version —",
  "compare.option": "version {version}, published {time} UTC ({status})",
  "compare.option_missing": "version {version}: no longer on the server",
  "compare.close": "Close the comparison",
  "compare.first": "This is the first publication: there is no earlier one to compare with.",
  "compare.not_earlier": "Version {version} is not an earlier publication: the current one is version {current}. Choose one above.",
  "compare.missing":
    "Version {version} is no longer on the server (older versions may be removed to save space), so it cannot be compared. Choose another version.",
  "compare.absent": "This protocol was not yet published in version {version}.",
  "compare.no_change": "No change: every figure is the same in version {version} and in the current version {current}.",
  "compare.changed": "Changed between version {version} and the current version {current}: {lines}.",
  "compare.change_line": "{line} ({before} → {after})",
  "compare.protocol_versions": "The protocol was in its version {then} in that publication and is in its version {now} now.",
  "compare.caption": "{protocol}: version {version} of the snapshot and the current version {current}",
  "compare.column_earlier": "Version {version}",
  "compare.column_current": "Version {current} (current)",
  "compare.column_change": "Change",
  "compare.given_now": "now given",
  "compare.no_longer_given": "no longer given",
  "compare.national_row_caption": "The national party-list result: version {version} and the current version {current}",
  "compare.allocation_caption": "The seat allocation: version {version} and the current version {current}",
  "compare.national_same": "No change: every figure of the national result and of the seat allocation is the same in version {version} and in the current version {current}.",
  "compare.national_changed": "Between version {version} and the current version {current}, {count} of {total} figures changed; seats: {seats}.",
  "compare.seats_same": "no party's seats changed",
  "compare.seat_change": "{party} ({before} → {after})",
} as const;

export type CompareKey = keyof typeof en;

const ru: Record<CompareKey, string> = {
  "compare.heading": "Сравнение с более ранней публикацией",
  "compare.explain":
    "Каждая версия снимка остаётся на сервере неизменной, поэтому любую цифру можно прочитать такой, какой она была в более ранней публикации, и сравнить с текущей.",
  "compare.choose": "Более ранняя публикация",
  "compare.choose_none": "— выберите версию —",
  "compare.option": "версия {version}, опубликована {time} UTC ({status})",
  "compare.option_missing": "версия {version}: больше нет на сервере",
  "compare.close": "Закрыть сравнение",
  "compare.first": "Это первая публикация: более ранней для сравнения нет.",
  "compare.not_earlier": "Версия {version} не является более ранней публикацией: текущая — версия {current}. Выберите одну из списка выше.",
  "compare.missing":
    "Версии {version} больше нет на сервере (старые версии могут удаляться для экономии места), поэтому сравнить с ней нельзя. Выберите другую версию.",
  "compare.absent": "В версии {version} этот протокол ещё не был опубликован.",
  "compare.no_change": "Без изменений: все цифры в версии {version} и в текущей версии {current} совпадают.",
  "compare.changed": "Изменилось между версией {version} и текущей версией {current}: {lines}.",
  "compare.change_line": "{line} (было {before}, стало {after})",
  "compare.protocol_versions": "В той публикации действовала версия {then} протокола, сейчас действует версия {now}.",
  "compare.caption": "{protocol}: версия снимка {version} и текущая версия {current}",
  "compare.column_earlier": "Версия {version}",
  "compare.column_current": "Версия {current} (текущая)",
  "compare.column_change": "Изменение",
  "compare.given_now": "указано теперь",
  "compare.no_longer_given": "больше не указано",
  "compare.national_row_caption": "Итоги по партийным спискам по стране: версия {version} и текущая версия {current}",
  "compare.allocation_caption": "Распределение мест: версия {version} и текущая версия {current}",
  "compare.national_same": "Без изменений: все цифры итогов по стране и распределения мест в версии {version} и в текущей версии {current} совпадают.",
  "compare.national_changed": "Между версией {version} и текущей версией {current} изменились цифры: {count} из {total}; места: {seats}.",
  "compare.seats_same": "ни у одной партии число мест не изменилось",
  "compare.seat_change": "{party} (было {before}, стало {after})",
};

const kk: Record<CompareKey, string> = {
  "compare.heading": "Бұрынғы жарияланыммен салыстыру",
  "compare.explain":
    "Суреттің әр нұсқасы серверде өзгеріссіз сақталады, сондықтан кез келген санды бұрынғы жарияланымдағы күйінде оқып, қазіргісімен қатар қоюға болады.",
  "compare.choose": "Бұрынғы жарияланым",
  "compare.choose_none": "— нұсқаны таңдаңыз —",
  "compare.option": "{version}-нұсқа, жарияланған уақыты {time} UTC ({status})",
  "compare.option_missing": "{version}-нұсқа: серверде енді жоқ",
  "compare.close": "Салыстыруды жабу",
  "compare.first": "Бұл — алғашқы жарияланым: салыстыратын бұрынғысы жоқ.",
  "compare.not_earlier": "{version}-нұсқа бұрынғы жарияланым емес: қазіргісі — {current}-нұсқа. Жоғарыдағы тізімнен біреуін таңдаңыз.",
  "compare.missing":
    "{version}-нұсқа серверде енді жоқ (ескі нұсқалар орын үнемдеу үшін жойылуы мүмкін), сондықтан онымен салыстыру мүмкін емес. Басқа нұсқаны таңдаңыз.",
  "compare.absent": "{version}-нұсқада бұл хаттама әлі жарияланбаған еді.",
  "compare.no_change": "Өзгеріс жоқ: {version}-нұсқа мен қазіргі {current}-нұсқадағы барлық сандар бірдей.",
  "compare.changed": "{version}-нұсқа мен қазіргі {current}-нұсқа арасында өзгергені: {lines}.",
  "compare.change_line": "{line} (бұрын {before}, қазір {after})",
  "compare.protocol_versions": "Ол жарияланымда хаттаманың {then}-нұсқасы күшінде болды, қазір {now}-нұсқасы күшінде.",
  "compare.caption": "{protocol}: суреттің {version}-нұсқасы және қазіргі {current}-нұсқа",
  "compare.column_earlier": "{version}-нұсқа",
  "compare.column_current": "{current}-нұсқа (қазіргі)",
  "compare.column_change": "Өзгеріс",
  "compare.given_now": "енді көрсетілген",
  "compare.no_longer_given": "енді көрсетілмеген",
  "compare.national_row_caption": "Ел бойынша партиялық тізімдер қорытындысы: {version}-нұсқа және қазіргі {current}-нұсқа",
  "compare.allocation_caption": "Орындарды бөлу: {version}-нұсқа және қазіргі {current}-нұсқа",
  "compare.national_same": "Өзгеріс жоқ: {version}-нұсқа мен қазіргі {current}-нұсқадағы ел бойынша қорытындының және орындарды бөлудің барлық сандары бірдей.",
  "compare.national_changed": "{version}-нұсқа мен қазіргі {current}-нұсқа арасында {total} санның {count} өзгерді; орындар: {seats}.",
  "compare.seats_same": "ешбір партияның орын саны өзгерген жоқ",
  "compare.seat_change": "{party} (бұрын {before}, қазір {after})",
};

export const kCompareCatalogues: Record<Language, Record<CompareKey, string>> = { kk, ru, en };

// The message `key` in the page's language with its {placeholders} filled.
export function tc(key: CompareKey, params: Record<string, string | number> = {}, lang: Language = language.value): string {
  return fill(kCompareCatalogues[lang][key], params, lang);
}
