package io.fennel.agent.internal.mailbox;

/** What remote commands may ask of the agent's event side: switch task events, beat now. */
public interface AgentHooks {
  /** {@code enable_events} (true) / {@code disable_events} (false). */
  void setTaskEvents(boolean on);

  /** Whether task events go out now. */
  boolean taskEventsEnabled();

  /** {@code heartbeat}: send a {@code worker-heartbeat} now. */
  void heartbeatNow();

  /** Hooks that do nothing, for a mailbox without events. */
  AgentHooks NONE =
      new AgentHooks() {
        @Override
        public void setTaskEvents(boolean on) {}

        @Override
        public boolean taskEventsEnabled() {
          return false;
        }

        @Override
        public void heartbeatNow() {}
      };
}
