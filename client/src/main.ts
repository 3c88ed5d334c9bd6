import { DefaultApolloClient } from '@vue/apollo-composable';
import { createApp, provide, h } from 'vue';
import { createApolloClient } from './apollo/client';
import App from './App.vue';
import { preserveUnsavedState } from './composables/usePreservedState';
import { ViewerDocument } from './gql/graphql';
import { createAppRouter } from './router';
import './styles/base.css';
import './styles/print.css';

const router = createAppRouter();
const apollo = createApolloClient('/graphql', {
  // The session ended (or never began): keep what was typed, sign in, and come back to it.
  onUnauthenticated() {
    // The header stops naming someone whose session has ended.
    apollo.cache.writeQuery({ query: ViewerDocument, data: { viewer: null } });
    const here = router.currentRoute.value;
    if (here.name === 'sign-in') return;
    preserveUnsavedState(here.fullPath);
    void router.push({ path: '/sign-in', query: { next: here.fullPath } });
  },
});

createApp({
  setup() {
    provide(DefaultApolloClient, apollo);
  },
  render: () => h(App),
})
  .use(router)
  .mount('#app');
