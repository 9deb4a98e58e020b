using Microsoft.Extensions.DependencyInjection;

namespace Genesis.Exchange.DependencyInjection;

/// <summary>Returned by <c>AddGenesisExchange</c>; optional pieces hang off it.</summary>
public sealed class GenesisExchangeBuilder
{
    internal GenesisExchangeBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }
}
