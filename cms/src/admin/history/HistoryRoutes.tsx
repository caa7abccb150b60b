/**
 * The pages under /admin/history: the audit list (the menu's «Журнал») and
 * one article's versions (/admin/history/articles/:documentId?locale=ru,
 * opened from the «История» panel of the article form).
 */
import { Route, Routes } from 'react-router-dom';
import { AuditPage } from './AuditPage';
import { VersionsPage } from './VersionsPage';

export default function HistoryRoutes() {
  return (
    <Routes>
      <Route index element={<AuditPage />} />
      <Route path="articles/:documentId" element={<VersionsPage />} />
    </Routes>
  );
}
