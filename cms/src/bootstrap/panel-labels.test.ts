import { describe, expect, it } from 'vitest';
import { withRussianLabels } from './panel-labels';

describe('the Russian labels written into the content manager', () => {
  it('label the edit form and the list column of each field, keeping what else is configured', () => {
    const next = withRussianLabels(
      {
        settings: { mainField: 'title' },
        metadatas: {
          title: { edit: { label: 'title', description: 'Заголовок новости', visible: true }, list: { label: 'title', sortable: true } },
          updatedAt: { list: { label: 'updatedAt' } },
          unknownField: { edit: { label: 'unknownField' } },
        },
        layouts: { list: ['title'] },
      },
      { title: { ru: 'Заголовок', kk: 'Тақырып' } },
    );
    expect(next.metadatas.title).toEqual({
      edit: { label: 'Заголовок', description: 'Заголовок новости', visible: true },
      list: { label: 'Заголовок', sortable: true },
    });
    expect(next.metadatas.updatedAt).toEqual({ list: { label: 'Изменён' } });
    expect(next.metadatas.unknownField).toEqual({ edit: { label: 'unknownField' } });
    expect(next.settings).toEqual({ mainField: 'title' });
    expect(next.layouts).toEqual({ list: ['title'] });
  });
});
