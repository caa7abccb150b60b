/**
 * Strings of the sign-in, account, phone and unsubscribe scripts
 * (src/scripts/auth.ts, account.ts, phone.ts, unsubscribe.ts): kept out of
 * i18n/comments.ts so the comments island does not download them. Error messages come from the comments function.
 */
import type { Locale } from '@tilshi/shared-types';

const ru = {
  /** Shown when a code was e-mailed (registration, a never confirmed account, password reset). */
  codeSent: (email: string): string => `Если адрес ${email} может получить код, он уже в пути. Введите его ниже.`,
  codeSentTo: 'Мы отправили код на адрес вашей учётной записи. Укажите этот адрес и код.',
  phoneCodeSent: 'Мы отправили SMS с кодом. Введите его ниже.',
  phoneDone: (ending: string): string => `Номер подтверждён (оканчивается на ${ending}).`,
  saved: 'Сохранено.',
  passwordChanged: 'Пароль изменён. Остальные сеансы завершены.',
  confirmDelete: 'Удалить учётную запись и все комментарии? Это нельзя отменить.',
  deleted: 'Учётная запись удалена.',
  unsubscribed: 'Готово: писем об ответах больше не будет. Включить их снова можно в профиле.',
  badLink: 'Ссылка неполная: откройте её из письма ещё раз.',
};

export type AccountUi = typeof ru;

const kk: AccountUi = {
  codeSent: (email) => `Егер ${email} мекенжайы код ала алатын болса, код жолда. Оны төменде енгізіңіз.`,
  codeSentTo: 'Тіркелгіңіздің мекенжайына код жібердік. Сол мекенжай мен кодты көрсетіңіз.',
  phoneCodeSent: 'Кодпен SMS жібердік. Оны төменде енгізіңіз.',
  phoneDone: (ending) => `Нөмір расталды (соңы ${ending}).`,
  saved: 'Сақталды.',
  passwordChanged: 'Құпиясөз өзгерді. Басқа сеанстар аяқталды.',
  confirmDelete: 'Тіркелгі мен барлық пікірлерді өшіру керек пе? Мұны болдырмау мүмкін емес.',
  deleted: 'Тіркелгі өшірілді.',
  unsubscribed: 'Дайын: жауаптар туралы хаттар енді келмейді. Оларды профильде қайта қосуға болады.',
  badLink: 'Сілтеме толық емес: оны хаттан қайта ашыңыз.',
};

export const accountUi: Record<Locale, AccountUi> = { ru, kk };
