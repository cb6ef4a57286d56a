/** A visitor: fetch against the site, keeping the PHPSESSID cookie, never following redirects. */
export interface Page {
  status: number;
  headers: Headers;
  body: string;
  /** Where the body came from: nginx's memcached location, or PHP. */
  from: 'cache' | 'php' | 'other';
}

export class Visitor {
  cookie: string | undefined;
  constructor(private readonly base: string) {}

  async request(path: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Page> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookie !== undefined) headers.cookie = `PHPSESSID=${this.cookie}`;
    const req: RequestInit = { method: init.method ?? 'GET', headers, redirect: 'manual' };
    if (init.form) {
      req.body = new URLSearchParams(init.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(this.base + path, req);
    for (const c of res.headers.getSetCookie()) {
      const m = /^PHPSESSID=([^;]*)/.exec(c);
      if (m) this.cookie = m[1] === '' || /expires=Thu, 01.Jan.1970/i.test(c) ? undefined : m[1];
    }
    const text = await res.text();
    const from = res.headers.get('x-page-cache') === 'hit' ? 'cache' : res.headers.get('x-rendered-by') === 'php' ? 'php' : 'other';
    return { status: res.status, headers: res.headers, body: text, from };
  }

  get(path: string): Promise<Page> {
    return this.request(path);
  }

  async login(user = 'alice'): Promise<Page> {
    return this.request('/login', { method: 'POST', form: { user, password: 'demo', next: '/' } });
  }

  async logout(): Promise<Page> {
    return this.request('/logout', { method: 'POST' });
  }
}

/** The variant a demo page was rendered for (from <body data-variant="…">). */
export function variantOf(p: Page): string | undefined {
  return /<body data-variant="([^"]+)"/.exec(p.body)?.[1];
}

/** The render id in the page marker (<!-- rendered-by: php render-id=… -->). */
export function renderIdOf(p: Page): string | undefined {
  return /render-id=([0-9a-f]+)/.exec(p.body)?.[1];
}
