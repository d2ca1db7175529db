import { ErrorBody, SearchQuery, SearchResponse } from '@trellis/core';
import { type App, requireActor } from '../../platform/http/app.js';
import { warmUpSegmenter } from '../../platform/search/index.js';
import { searchRecords } from './search.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

export async function searchRoutes(app: App) {
  // Loading jieba's dictionary takes a second: do it now rather than on the first search.
  warmUpSegmenter();
  app.get(
    '/api/v1/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Search records of every kind, in Chinese and English, best hits first',
        querystring: SearchQuery,
        response: { 200: SearchResponse, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { q, kinds, limit } = request.query;
      return { items: await searchRecords(app.services.db, app.services.dialect, actor, q, { kinds, limit }) };
    },
  );
}
