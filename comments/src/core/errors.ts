/**
 * Every error the function answers with: a stable code (the contract in
 * @tilshi/shared-types), its HTTP status and a message in Russian and in
 * Kazakh. The reader's language comes from the request (see language.ts).
 */
import type { CommentErrorCode, Locale } from '@tilshi/shared-types';
import {
  COMMENT_BODY_MAX,
  COMMENT_BODY_MIN,
  COMMENT_MAX_LINKS,
  PASSWORD_MAX,
  PASSWORD_MIN,
  USERNAME_MAX,
  USERNAME_MIN,
  VERIFICATION_CODE_TTL_MINUTES,
} from '@tilshi/shared-types';

type CatalogEntry = { status: number; ru: string; kk: string };

export const ERROR_CATALOG = {
  invalid_json: {
    status: 400,
    ru: 'Запрос не удалось прочитать: данные должны быть в формате JSON.',
    kk: 'Сұранысты оқу мүмкін болмады: деректер JSON пішімінде болуы керек.',
  },
  invalid_request: {
    status: 400,
    ru: 'Запрос заполнен неверно.',
    kk: 'Сұраныс дұрыс толтырылмаған.',
  },
  invalid_article_id: {
    status: 400,
    ru: 'Неверный идентификатор материала.',
    kk: 'Материалдың идентификаторы қате.',
  },
  invalid_cursor: {
    status: 400,
    ru: 'Неверная ссылка на следующую страницу комментариев.',
    kk: 'Пікірлердің келесі бетіне сілтеме қате.',
  },
  invalid_idempotency_key: {
    status: 400,
    ru: 'Неверный заголовок Idempotency-Key: от 8 до 128 латинских букв, цифр, «-», «_», «.» или «:».',
    kk: 'Idempotency-Key тақырыбы қате: 8-ден 128-ге дейін латын әрпі, сан, «-», «_», «.» немесе «:».',
  },
  body_too_short: {
    status: 400,
    ru: `Комментарий слишком короткий: напишите хотя бы ${COMMENT_BODY_MIN} символа.`,
    kk: `Пікір тым қысқа: кемінде ${COMMENT_BODY_MIN} таңба жазыңыз.`,
  },
  body_too_long: {
    status: 400,
    ru: `Комментарий слишком длинный: не больше ${COMMENT_BODY_MAX} символов.`,
    kk: `Пікір тым ұзын: ${COMMENT_BODY_MAX} таңбадан аспауы керек.`,
  },
  too_many_links: {
    status: 400,
    ru: `В комментарии может быть не больше ${COMMENT_MAX_LINKS} ссылок.`,
    kk: `Пікірде ${COMMENT_MAX_LINKS} сілтемеден артық болмауы керек.`,
  },
  spam_detected: {
    status: 400,
    ru: 'Сообщение похоже на спам и не принято.',
    kk: 'Хабарлама спамға ұқсайды, сондықтан қабылданбады.',
  },
  invalid_username: {
    status: 400,
    ru: `Имя пользователя: от ${USERNAME_MIN} до ${USERNAME_MAX} букв, цифр, точек, дефисов или подчёркиваний.`,
    kk: `Пайдаланушы аты: ${USERNAME_MIN}-тен ${USERNAME_MAX}-ға дейін әріп, сан, нүкте, дефис немесе астын сызу белгісі.`,
  },
  invalid_email: {
    status: 400,
    ru: 'Неверный адрес электронной почты.',
    kk: 'Электрондық пошта мекенжайы қате.',
  },
  weak_password: {
    status: 400,
    ru: `Пароль слишком простой: от ${PASSWORD_MIN} до ${PASSWORD_MAX} символов, хотя бы одна буква и одна цифра, не совпадает с именем и e-mail.`,
    kk: `Құпиясөз тым қарапайым: ${PASSWORD_MIN}-ден ${PASSWORD_MAX}-ке дейін таңба, кемінде бір әріп және бір сан, атыңызбен және e-mail-мен сәйкес келмеуі керек.`,
  },
  unsupported_media_type: {
    status: 415,
    ru: 'Отправьте данные в формате JSON (Content-Type: application/json).',
    kk: 'Деректерді JSON пішімінде жіберіңіз (Content-Type: application/json).',
  },
  payload_too_large: {
    status: 413,
    ru: 'Запрос слишком большой.',
    kk: 'Сұраныс тым үлкен.',
  },
  unauthorized: {
    status: 401,
    ru: 'Войдите на сайт, чтобы продолжить.',
    kk: 'Жалғастыру үшін сайтқа кіріңіз.',
  },
  invalid_credentials: {
    status: 401,
    ru: 'Неверное имя пользователя, e-mail или пароль.',
    kk: 'Пайдаланушы аты, e-mail немесе құпиясөз қате.',
  },
  account_blocked: {
    status: 403,
    ru: 'Учётная запись заблокирована редакцией.',
    kk: 'Тіркелгіні редакция бұғаттаған.',
  },
  forbidden_origin: {
    status: 403,
    ru: 'Запрос отправлен не с нашего сайта.',
    kk: 'Сұраныс біздің сайттан жіберілмеген.',
  },
  article_not_found: {
    status: 404,
    ru: 'Материал не найден или ещё не опубликован.',
    kk: 'Материал табылмады немесе әлі жарияланбаған.',
  },
  comment_not_found: {
    status: 404,
    ru: 'Комментарий не найден.',
    kk: 'Пікір табылмады.',
  },
  not_found: {
    status: 404,
    ru: 'Такого адреса нет.',
    kk: 'Мұндай мекенжай жоқ.',
  },
  method_not_allowed: {
    status: 405,
    ru: 'Этот метод здесь не поддерживается.',
    kk: 'Бұл әдіске мұнда қолдау көрсетілмейді.',
  },
  account_exists: {
    status: 409,
    ru: 'Пользователь с таким e-mail или именем уже зарегистрирован.',
    kk: 'Мұндай e-mail немесе атпен пайдаланушы тіркелген.',
  },
  idempotency_key_reused: {
    status: 422,
    ru: 'Этот ключ Idempotency-Key уже использован для другого комментария.',
    kk: 'Бұл Idempotency-Key кілті басқа пікір үшін қолданылған.',
  },
  rate_limited: {
    status: 429,
    ru: 'Слишком много попыток подряд. Попробуйте позже.',
    kk: 'Әрекеттер тым жиі жасалды. Кейінірек қайталап көріңіз.',
  },
  internal_error: {
    status: 500,
    ru: 'Внутренняя ошибка. Попробуйте позже.',
    kk: 'Ішкі қате. Кейінірек қайталап көріңіз.',
  },
  cms_error: {
    status: 502,
    ru: 'Комментарии временно не работают из-за ошибки на сервере редакции.',
    kk: 'Редакция серверіндегі қатеге байланысты пікірлер уақытша жұмыс істемейді.',
  },
  cms_unavailable: {
    status: 503,
    ru: 'Комментарии временно недоступны: сервер редакции не отвечает. Попробуйте через минуту.',
    kk: 'Пікірлер уақытша қолжетімсіз: редакция сервері жауап бермей тұр. Бір минуттан кейін қайталап көріңіз.',
  },
  not_configured: {
    status: 503,
    ru: 'Комментарии временно недоступны: сервис комментариев не настроен. Попробуйте позже.',
    kk: 'Пікірлер уақытша қолжетімсіз: пікірлер қызметі бапталмаған. Кейінірек қайталап көріңіз.',
  },
  username_taken: {
    status: 409,
    ru: 'Это имя пользователя уже занято. Выберите другое.',
    kk: 'Бұл пайдаланушы аты бос емес. Басқасын таңдаңыз.',
  },
  invalid_code: {
    status: 400,
    ru: `Код неверный или устарел. Код из письма действует ${VERIFICATION_CODE_TTL_MINUTES} минут; можно запросить новый.`,
    kk: `Код қате немесе ескірген. Хаттағы код ${VERIFICATION_CODE_TTL_MINUTES} минут жарамды; жаңасын сұрауға болады.`,
  },
  verification_required: {
    status: 403,
    ru: 'Подтвердите адрес электронной почты: мы отправили на него новый код.',
    kk: 'Электрондық пошта мекенжайын растаңыз: оған жаңа код жібердік.',
  },
  mail_unavailable: {
    status: 503,
    ru: 'Не удалось отправить письмо. Попробуйте через минуту.',
    kk: 'Хатты жіберу мүмкін болмады. Бір минуттан кейін қайталап көріңіз.',
  },
  phone_required: {
    status: 403,
    ru: 'Чтобы комментировать, подтвердите номер мобильного телефона: так требует закон. Номер никто не увидит.',
    kk: 'Пікір қалдыру үшін ұялы телефон нөміріңізді растаңыз: мұны заң талап етеді. Нөміріңізді ешкім көрмейді.',
  },
  invalid_phone: {
    status: 400,
    ru: 'Неверный номер: укажите номер мобильного телефона, например +7 701 123 45 67.',
    kk: 'Нөмір қате: ұялы телефон нөмірін көрсетіңіз, мысалы +7 701 123 45 67.',
  },
  phone_taken: {
    status: 409,
    ru: 'Этот номер уже подтверждён для другой учётной записи. Войдите в неё или укажите другой номер.',
    kk: 'Бұл нөмір басқа тіркелгі үшін расталған. Сол тіркелгіге кіріңіз немесе басқа нөмір көрсетіңіз.',
  },
  sms_unavailable: {
    status: 503,
    ru: 'Не удалось отправить SMS. Попробуйте через минуту.',
    kk: 'SMS жіберу мүмкін болмады. Бір минуттан кейін қайталап көріңіз.',
  },
  already_reported: {
    status: 409,
    ru: 'Вы уже пожаловались на этот комментарий. Модератор его проверит.',
    kk: 'Сіз бұл пікірге шағымданып қойдыңыз. Модератор оны тексереді.',
  },
  own_comment: {
    status: 400,
    ru: 'На свой комментарий пожаловаться нельзя: его можно удалить.',
    kk: 'Өз пікіріңізге шағымдануға болмайды: оны өшіруге болады.',
  },
  invalid_token: {
    status: 400,
    ru: 'Ссылка неверна или устарела.',
    kk: 'Сілтеме қате немесе ескірген.',
  },
} as const satisfies Record<CommentErrorCode, CatalogEntry>;

/** Messages that are not errors: the moderation state of a new comment. */
export const MODERATION_MESSAGES = {
  approved: { ru: 'Комментарий опубликован.', kk: 'Пікір жарияланды.' },
  pending: {
    ru: 'Спасибо! Комментарий появится после проверки модератором.',
    kk: 'Рахмет! Пікір модератор тексергеннен кейін жарияланады.',
  },
  rejected: { ru: 'Комментарий отклонён модератором.', kk: 'Пікірді модератор қабылдамады.' },
} as const satisfies Record<string, Record<Locale, string>>;

/**
 * An error answer the handler sends as
 * `{ error: { code, message, status, details } }`. `details` must never carry
 * secrets or another reader's data; `headers` adds e.g. Retry-After.
 */
export class CommentsError extends Error {
  readonly code: CommentErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  readonly headers: Record<string, string>;

  constructor(code: CommentErrorCode, init: { details?: Record<string, unknown>; headers?: Record<string, string>; cause?: unknown } = {}) {
    super(`${code}: ${ERROR_CATALOG[code].ru}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'CommentsError';
    this.code = code;
    this.status = ERROR_CATALOG[code].status;
    this.details = init.details;
    this.headers = init.headers ?? {};
  }
}

export function errorMessage(code: CommentErrorCode, language: Locale): string {
  return ERROR_CATALOG[code][language];
}
