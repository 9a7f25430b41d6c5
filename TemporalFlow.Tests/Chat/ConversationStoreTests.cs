using TemporalFlow.Chat.Conversations;
using TemporalFlow.Chat.SignIn;

namespace TemporalFlow.Tests.Chat;

/// <summary>Conversations belong to their user, and idle ones really expire after an hour.</summary>
public sealed class ConversationStoreTests
{
    private static readonly ChatUser Alice = new("sub-alice", "alice", CanAct: true);
    private static readonly ChatUser Bob = new("sub-bob", "bob", CanAct: false);

    [Fact]
    public void AnotherUserWithTheSameSessionCookieGetsAConversationOfTheirOwn()
    {
        var store = new ConversationStore(new ManualClock());
        var alices = store.For(Alice, "session-1");

        var bobs = store.For(Bob, "session-1");

        Assert.NotSame(alices, bobs);
        Assert.Same(alices, store.For(Alice, "session-1"));
        Assert.Equal(("alice", "bob"), (alices.User.Name, bobs.User.Name));
    }

    [Fact]
    public void AConversationIdleForMoreThanAnHourIsGoneAtTheNextRequest()
    {
        var clock = new ManualClock();
        var store = new ConversationStore(clock);
        var first = store.For(Alice, "session-1");
        first.Pending["a"] = new PendingAction("a", "acknowledge INC-000001", _ => Task.FromResult("done"));

        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Same(first, store.For(Alice, "session-1")); // used again: the hour starts over
        clock.Advance(TimeSpan.FromMinutes(61));
        store.For(Bob, "session-2");

        Assert.Equal(1, store.Count); // Alice's is gone though she did not come back
        var next = store.For(Alice, "session-1");
        Assert.NotSame(first, next);
        Assert.Empty(next.Pending); // nothing waiting survives the expiry
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
