import { createApp, provide, h } from 'vue';
import { DefaultApolloClient } from '@vue/apollo-composable';
import App from './App.vue';
import { createApolloClient } from './apollo/client';
import { createAppRouter } from './router';
import './styles/base.css';

const apollo = createApolloClient();

createApp({
  setup() {
    provide(DefaultApolloClient, apollo);
  },
  render: () => h(App),
})
  .use(createAppRouter())
  .mount('#app');
