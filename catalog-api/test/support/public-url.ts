/** The catalog's public URL in the integration tests: links and demo asset hrefs start here. */
export const BASE_URL = 'http://styx.test/catalog/';
