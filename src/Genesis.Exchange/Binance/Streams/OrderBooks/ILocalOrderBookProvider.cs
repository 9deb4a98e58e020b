namespace Genesis.Exchange.Binance.Streams.OrderBooks;

/// <summary>
/// Opens local order books over the market stream client and the REST client (registered by
/// <c>AddGenesisExchange</c>; in mock mode the books follow the mock exchange). Any number of symbols; each book
/// holds one diff-depth subscription until it is disposed.
/// </summary>
public interface ILocalOrderBookProvider
{
    /// <summary>Starts a local order book of a symbol; await <see cref="ILocalOrderBook.WaitUntilLiveAsync"/> before trading on it.</summary>
    /// <remarks>
    /// As Binance's procedure prescribes, the snapshot is fetched after the first diff event arrives, so a book goes live
    /// with the first change of the symbol's book after the subscription (within 100 ms on an active market); a symbol
    /// whose book does not change stays <see cref="LocalOrderBookState.Synchronizing"/> until it does.
    /// </remarks>
    /// <param name="symbol">The symbol (letters and digits).</param>
    /// <param name="options">How it synchronises; null for the defaults.</param>
    /// <returns>The book; dispose it to stop.</returns>
    /// <exception cref="ArgumentException">The symbol is empty or not letters and digits, or an option is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The provider is disposed.</exception>
    ILocalOrderBook Open(string symbol, LocalOrderBookOptions? options = null);
}
