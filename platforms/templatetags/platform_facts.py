"""Template access to a platform's channel facts, for pages that list facts by criterion."""

from django import template

from platforms.chart import channel_facts as facts_on_channels

register = template.Library()


@register.filter
def channel_facts(platform, criterion):
    """`{{ platform|channel_facts:criterion }}`: the criterion's facts that hold on one channel
    only; templates cannot call a function with an argument, and the facts are prefetched."""
    return facts_on_channels(platform, criterion) if criterion else ()
