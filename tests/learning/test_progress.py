"""Learning paths: each officer's progress is saved as they go, is theirs alone, and is shown back."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from learning import services
from learning.models import ChecklistTick, ResourceCompletion, StepCompletion
from tests.factories import login_verified, make_officer, make_provider, make_staff

from .factories import add_resource_step, add_stage, make_path, make_resource


@pytest.fixture
def path(db):
    """A small workflow: a resource to study, two stages with checklists, a stage to read."""
    path = make_path("Bringing AI into your unit", slug="workflow")
    resource = make_resource("Gender bias in AI tools", slug="gender-bias")
    add_resource_step(path, resource)
    add_stage(path, "Define the need", ("Describe the problem", "Ask the investigators"))
    add_stage(
        path,
        "Select tools",
        ("Use the wizard", "Compare tools", "Ask other officers"),
        link_wizard=True,
        link_catalogue=True,
    )
    add_stage(path, "A word before you start", guidance="<p>Read this first.</p>")
    return path


def steps(path):
    return list(path.steps.order_by("position"))


def items(step):
    return list(step.items.order_by("position"))


def save(client: Client, path, *, items=(), done=(), step=None):
    data = {"item": [str(item.pk) for item in items], "done": [str(s.pk) for s in done]}
    if step is not None:
        data["step"] = str(step.pk)
    return client.post(reverse("learning:path_save", args=[path.slug]), data)


def page(client: Client, path) -> str:
    response = client.get(path.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def checked_items(html: str) -> set[int]:
    return {
        int(pk)
        for pk in re.findall(
            r'<input type="checkbox" form="path-progress" name="item" value="(\d+)"[^>]*checked',
            html,
        )
    }


def progress_bar(html: str, element_id: str) -> tuple[int, int]:
    match = re.search(rf'<progress id="progress-{element_id}" max="(\d+)" value="(\d+)"', html)
    assert match, f"no progress bar #{element_id}"
    return int(match.group(2)), int(match.group(1))


def test_ticks_are_saved_and_shown_back(path):
    officer = make_officer()
    client = login_verified(Client(), officer)
    define, select = steps(path)[1], steps(path)[2]
    chosen = [items(define)[0], items(select)[1]]

    response = save(client, path, items=chosen, step=select)

    assert response.status_code == 302
    assert response["Location"] == f"{path.get_absolute_url()}#step-{select.pk}"
    html = page(client, path)
    assert checked_items(html) == {item.pk for item in chosen}
    assert set(ChecklistTick.objects.filter(user=officer).values_list("item_id", flat=True)) == {
        item.pk for item in chosen
    }
    # 1 resource + 2 + 3 items + 1 reading = 7 tasks, 2 done.
    assert progress_bar(html, "path") == (2, 7)
    assert "2 of 7 tasks done (29%)" in html


def test_progress_survives_logging_out_and_in_again(path):
    officer = make_officer()
    client = login_verified(Client(), officer)
    define = steps(path)[1]
    save(client, path, items=items(define))
    client.post(reverse("account_logout"))
    assert client.get(path.get_absolute_url()).status_code == 302  # logged out indeed

    again = login_verified(Client(), officer)
    html = page(again, path)

    assert checked_items(html) == {item.pk for item in items(define)}
    assert progress_bar(html, "path") == (2, 7)


def test_ticking_the_same_item_twice_leaves_one_tick(path):
    officer = make_officer()
    client = login_verified(Client(), officer)
    item = items(steps(path)[1])[0]

    save(client, path, items=[item])
    save(client, path, items=[item])  # the form sent again (double click, back button)
    services.checklist_item_tick(user=officer, item=item)
    services.checklist_item_tick(user=officer, item=item)

    assert ChecklistTick.objects.filter(user=officer, item=item).count() == 1
    assert progress_bar(page(client, path), "path") == (1, 7)


def test_unticking_removes_the_tick(path):
    officer = make_officer()
    client = login_verified(Client(), officer)
    first, second = items(steps(path)[1])
    save(client, path, items=[first, second])

    save(client, path, items=[second])

    assert set(ChecklistTick.objects.filter(user=officer).values_list("item", flat=True)) == {
        second.pk
    }


def test_another_officers_progress_is_untouched_and_unseen(path):
    alice, bob = make_officer(name="Alice"), make_officer(name="Bob")
    alice_client = login_verified(Client(), alice)
    bob_client = login_verified(Client(), bob)
    resource_step, define, select, reading = steps(path)
    save(bob_client, path, items=items(select), done=[resource_step, reading])
    bob_before = (
        set(ChecklistTick.objects.filter(user=bob).values_list("item", flat=True)),
        ResourceCompletion.objects.filter(user=bob).count(),
        StepCompletion.objects.filter(user=bob).count(),
    )

    # Alice saves a page on which nothing is ticked: Bob's ticks must stay.
    save(alice_client, path, items=items(define)[:1])

    assert bob_before == (
        set(ChecklistTick.objects.filter(user=bob).values_list("item", flat=True)),
        ResourceCompletion.objects.filter(user=bob).count(),
        StepCompletion.objects.filter(user=bob).count(),
    )
    assert checked_items(page(alice_client, path)) == {items(define)[0].pk}
    assert progress_bar(page(alice_client, path), "path") == (1, 7)
    assert progress_bar(page(bob_client, path), "path") == (5, 7)


def test_items_of_another_path_cannot_be_ticked_through_this_one(path):
    officer = make_officer()
    client = login_verified(Client(), officer)
    other = make_path("Another path")
    foreign = items(add_stage(other, "Elsewhere", ("Not here",)))[0]

    save(client, path, items=[foreign])

    assert not ChecklistTick.objects.filter(user=officer).exists()


def test_a_resource_done_on_its_page_counts_in_the_path(path):
    officer = make_officer()
    client = login_verified(Client(), officer)
    resource = steps(path)[0].resource

    response = client.post(reverse("learning:resource_done", args=[resource.slug]), {"done": "1"})
    assert response.status_code == 302
    client.post(reverse("learning:resource_done", args=[resource.slug]), {"done": "1"})

    assert ResourceCompletion.objects.filter(user=officer, resource=resource).count() == 1
    html = page(client, path)
    assert progress_bar(html, "path") == (1, 7)
    assert f'name="done" value="{steps(path)[0].pk}" id="done-{steps(path)[0].pk}" checked' in html
    assert "You marked this as done" in client.get(resource.get_absolute_url()).content.decode()

    client.post(reverse("learning:resource_done", args=[resource.slug]), {"done": "0"})
    assert not ResourceCompletion.objects.filter(user=officer).exists()


def test_steps_without_a_checklist_are_marked_through_the_form(path):
    officer = make_officer()
    client = login_verified(Client(), officer)
    resource_step, _define, _select, reading = steps(path)

    save(client, path, done=[resource_step, reading])

    assert ResourceCompletion.objects.filter(user=officer).count() == 1
    assert StepCompletion.objects.filter(user=officer, step=reading).exists()
    save(client, path)  # both boxes cleared
    assert not ResourceCompletion.objects.filter(user=officer).exists()
    assert not StepCompletion.objects.filter(user=officer).exists()


def test_continue_where_you_left_off(path):
    officer = make_officer()
    client = login_verified(Client(), officer)
    resource_step, define, select, _reading = steps(path)
    save(client, path, items=[*items(define), items(select)[0]], done=[resource_step])

    html = page(client, path)
    assert f'href="#step-{select.pk}"' in html
    assert "Continue where you left off: step 3, Select tools" in html

    home = client.get(reverse("learning:home")).content.decode()
    assert "Continue where you left off" in home
    assert f'href="{path.get_absolute_url()}#step-{select.pk}"' in home
    assert "Continue at step 3: Select tools" in home


def test_learn_home_shows_each_paths_progress(path):
    officer = make_officer()
    client = login_verified(Client(), officer)
    other = make_path("Another path", slug="another")
    add_stage(other, "Only stage", ("One", "Two"))
    save(client, path, items=items(steps(path)[1]))

    html = client.get(reverse("learning:home")).content.decode()

    assert progress_bar(html, "workflow") == (2, 7)
    assert progress_bar(html, "another") == (0, 2)
    assert 'for="progress-workflow"' in html  # the bar has a label


def test_a_new_officer_starts_at_step_one(path):
    html = page(login_verified(Client(), make_officer()), path)
    assert progress_bar(html, "path") == (0, 7)
    assert f'href="#step-{steps(path)[0].pk}"' in html
    assert "Continue where you left off" not in html


def test_a_completed_path_says_so(path):
    officer = make_officer()
    client = login_verified(Client(), officer)
    resource_step, define, select, reading = steps(path)
    save(client, path, items=[*items(define), *items(select)], done=[resource_step, reading])

    html = page(client, path)
    assert progress_bar(html, "path") == (7, 7)
    assert "You have completed every step of this path." in html


def test_stages_about_choosing_tools_link_to_the_wizard_and_catalogue(path):
    html = page(login_verified(Client(), make_officer()), path)
    select = steps(path)[2]
    step_html = r'id="step-(\d+)">(.*?)</li>\s*(?=<li class="path-step|</ol>)'
    stages = dict(re.findall(step_html, html, re.S))
    assert 'href="/wizard/"' in stages[str(select.pk)]
    assert f'href="{reverse("tools:catalogue")}"' in stages[str(select.pk)]
    others = [text for pk, text in stages.items() if pk != str(select.pk)]
    assert len(others) == 3
    assert not any('href="/wizard/"' in text for text in others)


def test_the_path_form_works_without_javascript(path):
    """Every checkbox and every save button belongs to the one POST form of the page."""
    html = page(login_verified(Client(), make_officer()), path)
    action = reverse("learning:path_save", args=[path.slug])
    assert f'<form id="path-progress" method="post" action="{action}">' in html
    boxes = re.findall(r'<input type="checkbox"[^>]*>', html)
    assert len(boxes) == 7 and all('form="path-progress"' in box for box in boxes)
    assert html.count('<button type="submit" form="path-progress"') == 4


def test_unpublished_paths_are_for_staff_only(path):
    path.is_published = False
    path.save()
    officer = login_verified(Client(), make_officer())
    assert officer.get(path.get_absolute_url()).status_code == 404
    assert save(officer, path).status_code == 404
    assert path.title not in officer.get(reverse("learning:home")).content.decode()

    staff = login_verified(Client(), make_staff())
    html = page(staff, path)
    assert "only hub staff can see this path" in html


def test_providers_can_neither_see_nor_save_progress(path):
    provider = make_provider()
    client = login_verified(Client(), provider)
    assert client.get(path.get_absolute_url()).status_code == 404
    assert save(client, path, items=items(steps(path)[1])).status_code == 404
    assert (
        client.post(
            reverse("learning:resource_done", args=[steps(path)[0].resource.slug])
        ).status_code
        == 404
    )
    assert not ChecklistTick.objects.exists()
    assert not ResourceCompletion.objects.exists()


def test_a_progress_form_only_goes_back_to_this_site(path):
    client = login_verified(Client(), make_officer())
    resource = steps(path)[0].resource
    url = reverse("learning:resource_done", args=[resource.slug])

    outside = client.post(url, {"done": "1", "next": "https://evil.example/"})
    assert outside["Location"] == resource.get_absolute_url()
    inside = client.post(url, {"done": "1", "next": f"{path.get_absolute_url()}#step-1"})
    assert inside["Location"] == f"{path.get_absolute_url()}#step-1"
