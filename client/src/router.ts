import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';

/** The explicit route table; pages load lazily so each route's code stays out of the first page. */
export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('./pages/HomePage.vue'), meta: { title: 'Case studies' } },
  {
    path: '/cases/:slug',
    name: 'case',
    component: () => import('./pages/CaseProfilePage.vue'),
    meta: { title: 'Case profile' },
  },
  {
    path: '/cases/:slug/draft',
    name: 'draft',
    component: () => import('./pages/DraftPage.vue'),
    meta: { title: 'Draft', signedIn: true },
  },
  {
    path: '/cases/:slug/draft/sources',
    name: 'draft-sources',
    component: () => import('./pages/DraftSourcesPage.vue'),
    meta: { title: 'Sources of the draft', signedIn: true },
  },
  {
    path: '/authoring',
    name: 'work-list',
    component: () => import('./pages/WorkListPage.vue'),
    meta: { title: 'Work', signedIn: true },
  },
  {
    path: '/authoring/coverage',
    name: 'coverage-map',
    component: () => import('./pages/CoverageMapPage.vue'),
    meta: { title: 'Coverage map', signedIn: true },
  },
  {
    path: '/notifications',
    name: 'notifications',
    component: () => import('./pages/NotificationsPage.vue'),
    meta: { title: 'Notifications', signedIn: true },
  },
  {
    path: '/authoring/new-case',
    name: 'new-case',
    component: () => import('./pages/NewCasePage.vue'),
    meta: { title: 'New case', signedIn: true },
  },
  { path: '/compare', name: 'compare', component: () => import('./pages/ComparePage.vue'), meta: { title: 'Compare' } },
  { path: '/lessons', name: 'lessons', component: () => import('./pages/LessonsPage.vue'), meta: { title: 'Lessons' } },
  { path: '/sources', name: 'sources', component: () => import('./pages/SourcesPage.vue'), meta: { title: 'Sources' } },
  { path: '/admin', redirect: '/admin/users' },
  {
    path: '/admin/users',
    name: 'admin-users',
    component: () => import('./pages/AdminUsersPage.vue'),
    meta: { title: 'Accounts', signedIn: true },
  },
  {
    path: '/admin/tokens',
    name: 'admin-tokens',
    component: () => import('./pages/AdminTokensPage.vue'),
    meta: { title: 'API tokens', signedIn: true },
  },
  {
    path: '/admin/audit',
    name: 'admin-audit',
    component: () => import('./pages/AdminAuditPage.vue'),
    meta: { title: 'Audit log', signedIn: true },
  },
  { path: '/sign-in', name: 'sign-in', component: () => import('./pages/SignInPage.vue'), meta: { title: 'Sign in' } },
  {
    path: '/account',
    name: 'account',
    component: () => import('./pages/AccountPage.vue'),
    meta: { title: 'Your account' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./pages/NotFoundPage.vue'),
    meta: { title: 'Page not found' },
  },
];

/**
 * The element an address's #fragment names, once the page shows it: a page opened from a link to
 * one of its parts loads its data first, so the part may appear a moment after the route. Null
 * when it has not appeared within a few seconds (the page then opens at the top).
 */
function elementOnceShown(hash: string, waitMs = 5000): Promise<Element | null> {
  const id = decodeURIComponent(hash.slice(1));
  const find = () => document.getElementById(id);
  const now = find();
  if (now) return Promise.resolve(now);
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const el = find();
      if (el) done(el);
    });
    const timer = setTimeout(() => done(null), waitMs);
    function done(el: Element | null) {
      observer.disconnect();
      clearTimeout(timer);
      resolve(el);
    }
    observer.observe(document.body, { childList: true, subtree: true });
  });
}

/** What the server's head said of the first page only: its description is made generic again. */
function forgetFirstPageHead() {
  for (const el of document.head.querySelectorAll(
    'link[rel="canonical"], meta[property^="og:"], meta[name^="twitter:"], meta[property^="article:"]',
  ))
    el.remove();
  document.head
    .querySelector('meta[name="description"]')
    ?.setAttribute('content', 'Reform Casebook compares how countries organise public services for children.');
}

export function createAppRouter() {
  const router = createRouter({
    history: createWebHistory(),
    routes,
    scrollBehavior(to, from, saved) {
      if (saved) return saved;
      // The element itself scrolls into view, so that a box scrolling on its own (a wide table on
      // a phone) brings it in sideways too; its scroll-margin keeps it off the edge.
      if (to.hash)
        return elementOnceShown(to.hash).then((el) => {
          if (!el) return { top: 0 };
          el.scrollIntoView({ block: 'start', inline: 'nearest' });
          // A part made to be arrived at (it has a tabindex) takes the focus, so that the keyboard
          // and a screen reader go on from there.
          if (el instanceof HTMLElement && el.hasAttribute('tabindex') && !el.contains(document.activeElement))
            el.focus({ preventScroll: true });
          return false;
        });
      // Changing filters or the period keeps the reader's place; a new page starts at the top.
      if (to.path === from.path) return false;
      return { top: 0 };
    },
  });
  router.afterEach((to, from) => {
    const title = typeof to.meta.title === 'string' ? to.meta.title : '';
    document.title = title ? `${title} · Reform Casebook` : 'Reform Casebook';
    // The server wrote the first page's own description, canonical link and link preview; once the
    // reader moves to another page in the app they would describe the wrong one, so they go.
    if (from.matched.length > 0 && from.fullPath !== to.fullPath) forgetFirstPageHead();
  });
  return router;
}
