import datetime as dt

from peerdesk.domain.enums import EmploymentType, RoleCategory, StaffStatus
from peerdesk.domain.staff import StaffDetails
from peerdesk.services.staff_service import StaffQuery


def test_create_and_find_by_folded_name(services, admin):
    team = services.teams.create(admin, "Outreach")
    services.staff.create(
        admin,
        StaffDetails(
            full_name="Zoë Łukasiewicz",
            role_category=RoleCategory.PEER_WORKER,
            employment_type=EmploymentType.PERMANENT,
            start_date=dt.date(2024, 1, 8),
            team_id=team.id,
        ),
    )
    page = services.staff.page(admin, StaffQuery(search="zoe luk"), 0, 50)
    assert [r.full_name for r in page.rows] == ["Zoë Łukasiewicz"]
    assert services.staff.count(admin, StaffQuery(search="outreach")) == 1
    assert services.staff.count(admin, StaffQuery(status=StaffStatus.LEAVERS)) == 0
