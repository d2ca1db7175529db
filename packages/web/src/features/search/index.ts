import { defineFeature, lazyPage } from '../../app/feature';

const SearchPage = lazyPage(() => import('./SearchPage'), 'SearchPage');

/** Full-text search; the header's search box opens it, so it has no menu entry. */
export const searchFeature = defineFeature({
  name: 'search',
  console: [{ path: 'search', page: SearchPage }],
});
