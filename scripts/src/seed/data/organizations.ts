/**
 * Organizations named in the seed article, with their legal forms:
 * ОЮЛ (объединение юридических лиц) = ЗТБ (заңды тұлғалар бірлестігі),
 * НАО (некоммерческое акционерное общество) = КеАҚ, ОФ (общественный фонд)
 * = ҚҚ. Regional управления and the Centre of public communications are
 * state bodies. No URL is given where we do not know the official one.
 */
import type { OrganizationSeed } from './types.ts';

export const ORG = {
  civilAlliance: 'grazhdanskiy-alyans-mangistauskoy-oblasti',
  internalPolicy: 'upravlenie-vnutrenney-politiki-mangistauskoy-oblasti',
  civilInitiativesCenter: 'tsentr-podderzhki-grazhdanskikh-initsiativ',
  rizaAna: 'obshchestvennyy-fond-riza-ana',
  publicCommunications: 'tsentr-obshchestvennykh-kommunikatsiy-mangistauskoy-oblasti',
  healthcare: 'upravlenie-zdravookhraneniya-mangistauskoy-oblasti',
} as const;

export const ORGANIZATIONS: OrganizationSeed[] = [
  {
    legalForm: 'oyul',
    url: null,
    ru: { name: 'ОЮЛ «Гражданский Альянс» Мангистауской области', shortName: 'Гражданский Альянс', slug: ORG.civilAlliance, city: 'Актау' },
    kk: {
      name: 'Маңғыстау облысының «Азаматтық Альянс» ЗТБ',
      shortName: 'Азаматтық Альянс',
      slug: 'mangystau-oblysynyn-azamattyq-alyans-ztb',
      city: 'Ақтау',
    },
  },
  {
    legalForm: 'state_body',
    url: null,
    ru: {
      name: 'Управление внутренней политики Мангистауской области',
      shortName: 'Управление внутренней политики',
      slug: ORG.internalPolicy,
      city: 'Актау',
    },
    kk: {
      name: 'Маңғыстау облысының ішкі саясат басқармасы',
      shortName: 'Ішкі саясат басқармасы',
      slug: 'mangystau-oblysynyn-ishki-sayasat-basqarmasy',
      city: 'Ақтау',
    },
  },
  {
    legalForm: 'nao',
    url: null,
    ru: { name: 'НАО «Центр поддержки гражданских инициатив»', shortName: 'ЦПГИ', slug: ORG.civilInitiativesCenter, city: 'Астана' },
    kk: {
      name: '«Азаматтық бастамаларды қолдау орталығы» КеАҚ',
      shortName: 'АБҚО',
      slug: 'azamattyq-bastamalardy-qoldau-ortalygy',
      city: 'Астана',
    },
  },
  {
    legalForm: 'public_fund',
    url: null,
    ru: { name: 'Общественный фонд «Риза ана»', shortName: 'Риза ана', slug: ORG.rizaAna, city: null },
    kk: { name: '«Риза ана» қоғамдық қоры', shortName: 'Риза ана', slug: 'riza-ana-qogamdyq-qory', city: null },
  },
  {
    legalForm: 'state_body',
    url: null,
    ru: { name: 'Центр общественных коммуникаций Мангистауской области', shortName: 'ЦОК', slug: ORG.publicCommunications, city: 'Актау' },
    kk: {
      name: 'Маңғыстау облысының Қоғамдық коммуникациялар орталығы',
      shortName: 'ҚКО',
      slug: 'mangystau-oblysynyn-qogamdyq-kommunikatsiyalar-ortalygy',
      city: 'Ақтау',
    },
  },
  {
    legalForm: 'state_body',
    url: null,
    ru: {
      name: 'Управление здравоохранения Мангистауской области',
      shortName: 'Управление здравоохранения',
      slug: ORG.healthcare,
      city: 'Актау',
    },
    kk: {
      name: 'Маңғыстау облысының денсаулық сақтау басқармасы',
      shortName: 'Денсаулық сақтау басқармасы',
      slug: 'mangystau-oblysynyn-densaulyq-saqtau-basqarmasy',
      city: 'Ақтау',
    },
  },
];
