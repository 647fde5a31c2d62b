// The fake client lives with the stories, which need it too; tests import it from here.
export * from '../../stories/fake-meeting-client.js';
