using System.Threading.Channels;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Tracking;

/// <summary>
/// The live state of every open order and every balance of the account, updated from the user data stream
/// (<see cref="ProcessAsync"/> / <see cref="RunAsync"/>) and reconciled against the exchange (<see cref="ReconcileAsync"/>)
/// so it never reports a state the exchange does not have.
/// </summary>
/// <remarks>
/// <para>Events are de-duplicated (fills by trade id, other execution reports by execution id and type) and never
/// regress an order: its status only moves forward and its filled quantity never decreases, whatever order the events
/// come in and however often they repeat around reconnects.</para>
/// <para>Reconcile after every user data reconnect or resubscription: the exchange does not replay events sent while no
/// subscription was up. The tracker reconciles by itself on <c>eventStreamTerminated</c>, when a fill is missing (an
/// execution report whose cumulative quantity skips a fill), and for orders of unknown outcome
/// (<see cref="TrackUnknownAsync"/>).</para>
/// <para>Notifications are C# events raised after the state changed, on the thread that applied the change, never under
/// the tracker's lock. A handler that throws is logged and counted (<see cref="HandlerFailures"/>); it does not break
/// the tracker or the other handlers.</para>
/// </remarks>
public interface IOrderTracker
{
    /// <summary>Any change of a tracked order (a fill, a status, a newly known order).</summary>
    event EventHandler<OrderChangedEventArgs>? OrderChanged;

    /// <summary>An order became FILLED.</summary>
    event EventHandler<OrderChangedEventArgs>? OrderFilled;

    /// <summary>An order became CANCELED.</summary>
    event EventHandler<OrderChangedEventArgs>? OrderCanceled;

    /// <summary>An order became REJECTED (including an order of unknown outcome the exchange never placed).</summary>
    event EventHandler<OrderChangedEventArgs>? OrderRejected;

    /// <summary>An order became EXPIRED or EXPIRED_IN_MATCH.</summary>
    event EventHandler<OrderChangedEventArgs>? OrderExpired;

    /// <summary>A balance changed.</summary>
    event EventHandler<BalanceChangedEventArgs>? BalanceChanged;

    /// <summary>How many event handlers threw (each was logged and the tracker went on).</summary>
    long HandlerFailures { get; }

    /// <summary>How many reconciliations completed.</summary>
    long Reconciliations { get; }

    /// <summary>How many missing fills were detected in the event stream (each triggers a reconciliation).</summary>
    long GapsDetected { get; }

    /// <summary>How many execution reports were seen before (replays, or fills already known from <c>myTrades</c>): not counted twice.</summary>
    long DuplicateEvents { get; }

    /// <summary>
    /// Records that an order is about to be sent: the send time (for <see cref="TrackedOrder.Latency"/>) and the reference
    /// price (for <see cref="TrackedOrder.Slippage"/>). The order is tracked with an unknown outcome until the exchange
    /// reports it.
    /// </summary>
    /// <param name="clientOrderId">The client order id the order is sent with.</param>
    /// <param name="symbol">The symbol.</param>
    /// <param name="side">The side.</param>
    /// <param name="referencePrice">The price the strategy expected; null for none.</param>
    /// <exception cref="ArgumentException">The client order id or the symbol is empty.</exception>
    void OnSending(string clientOrderId, string symbol, OrderSide side, decimal? referencePrice);

    /// <summary>
    /// Records that an order is about to be sent; the reference price is <see cref="OrderRequest.ReferencePrice"/>, else
    /// the limit price.
    /// </summary>
    /// <param name="order">The request, with its client order id assigned.</param>
    /// <exception cref="ArgumentException">The request has no client order id.</exception>
    void OnSending(OrderRequest order);

    /// <summary>
    /// Records that an order announced with <c>OnSending</c> was certainly not placed: the exchange rejected the request,
    /// or it was never sent (<see cref="Errors.ExchangeException.RequestNotSent"/>). The order becomes REJECTED with
    /// <paramref name="reason"/>. Not for an <see cref="Errors.UnknownOrderStatusException"/> (use
    /// <see cref="TrackUnknownAsync"/>); an order the exchange has already confirmed is left as it is.
    /// </summary>
    /// <param name="clientOrderId">The client order id.</param>
    /// <param name="reason">The reason to report as <see cref="TrackedOrder.RejectReason"/> (e.g. the Binance error code and message).</param>
    void OnNotPlaced(string clientOrderId, string reason);

    /// <summary>Merges the exchange's answer to a placement, cancel or query (its state and fills) into the tracker.</summary>
    /// <param name="order">The order as the exchange reported it.</param>
    void OnOrderResponse(Order order);

    /// <summary>Applies one user data event; reconciles first when it reveals missed events (a fill gap, <c>eventStreamTerminated</c>).</summary>
    /// <param name="userDataEvent">The event.</param>
    /// <param name="cancellationToken">Cancels a reconciliation it triggers.</param>
    /// <returns>A task.</returns>
    Task ProcessAsync(UserDataEvent userDataEvent, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reconciles once, then applies every event of <paramref name="events"/> until it completes; when it completes with
    /// an error (the subscription overflowed or failed), reconciles again and rethrows it.
    /// </summary>
    /// <param name="events">The user data events.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>A task that completes when the channel does.</returns>
    Task RunAsync(ChannelReader<UserDataEvent> events, CancellationToken cancellationToken = default);

    /// <summary>
    /// Brings the tracker to the exchange's state: balances from the account, open orders, the final state of every order
    /// that left the open orders or whose outcome is unknown (queried by client order id), and the fills missed since the
    /// last known trade id per symbol (<c>myTrades</c>), without double counting. Concurrent calls run one after another.
    /// </summary>
    /// <param name="cancellationToken">Cancels the reconciliation (what was merged so far stays).</param>
    /// <returns>A task.</returns>
    Task ReconcileAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Tracks an order whose placement outcome is unknown (<see cref="Errors.UnknownOrderStatusException"/> carries the
    /// client order id and the symbol) and resolves it now by client order id; until resolved it is re-queried at every
    /// reconciliation.
    /// </summary>
    /// <param name="clientOrderId">The client order id.</param>
    /// <param name="symbol">The symbol.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The order as tracked after the query.</returns>
    Task<TrackedOrder> TrackUnknownAsync(string clientOrderId, string symbol, CancellationToken cancellationToken = default);

    /// <summary>The order with this client order id (the one it was placed with, or the new one an amend gave it); null when not tracked.</summary>
    /// <param name="clientOrderId">The client order id.</param>
    /// <returns>The order or null.</returns>
    TrackedOrder? GetOrder(string clientOrderId);

    /// <summary>The order with this exchange order id; null when not tracked.</summary>
    /// <param name="symbol">The symbol (exchange order ids are unique per symbol).</param>
    /// <param name="exchangeOrderId">The exchange order id.</param>
    /// <returns>The order or null.</returns>
    TrackedOrder? GetOrder(string symbol, long exchangeOrderId);

    /// <summary>The tracked orders of a symbol.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="openOnly">Only the orders that can still trade.</param>
    /// <returns>The orders.</returns>
    IReadOnlyList<TrackedOrder> GetOrders(string symbol, bool openOnly = false);

    /// <summary>The balance of an asset; null when not known.</summary>
    /// <param name="asset">The asset.</param>
    /// <returns>The balance or null.</returns>
    Balance? GetBalance(string asset);

    /// <summary>A consistent snapshot of every order, balance and order list.</summary>
    /// <returns>The snapshot.</returns>
    OrderTrackerSnapshot GetSnapshot();
}
